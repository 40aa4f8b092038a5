package dev.entangle.core.mutation;

/** How a binding lets changes flow. */
public enum Mode {
    /** Local changes go out and remote changes come in. */
    BIDIRECTIONAL("bidirectional"),
    /** One way: local changes go out to the targets; nothing flows back into this element. */
    MIRROR("mirror"),
    /**
     * N-to-N: every member's changes reach every other member. The binding's target lists the
     * members, and the hub refuses a mesh binding from a client that is not one of them.
     */
    MESH("mesh");

    private final String wire;

    Mode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean acceptsRemote() {
        return this != MIRROR;
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
