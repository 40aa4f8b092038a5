package dev.entangle.core.mutation;

/** How a binding lets changes flow. */
public enum Mode {
    /** Local changes go out and remote changes come in. */
    BIDIRECTIONAL("bidirectional"),
    /** One way: local changes go out to the targets; nothing flows back into this element. */
    MIRROR("mirror");

    private final String wire;

    Mode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean acceptsRemote() {
        return this == BIDIRECTIONAL;
    }

    /** The mode for a wire string, or null when there is none. */
    public static Mode fromWire(String wire) {
        for (Mode mode : values()) {
            if (mode.wire.equals(wire)) {
                return mode;
            }
        }
        return null;
    }
}
