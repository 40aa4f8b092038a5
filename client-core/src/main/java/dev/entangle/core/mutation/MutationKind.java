package dev.entangle.core.mutation;

/** What part of an element a mutation changes. */
public enum MutationKind {
    /** A DOM attribute; a null new value removes it. */
    ATTRIBUTE("attribute"),
    /** A form-control property a MutationObserver cannot see ({@code value}, {@code checked}). */
    PROPERTY("property"),
    /** The element's text content, always as text, never as markup. */
    TEXT("text"),
    /**
     * The element's child list as a sanitised structure ({@link ChildList}), never markup: nodes
     * added, removed and moved arrive as the new list.
     */
    CHILDREN("children");

    private final String wire;

    MutationKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The kind for a wire string, or null when there is none. */
    public static MutationKind fromWire(String wire) {
        for (MutationKind kind : values()) {
            if (kind.wire.equals(wire)) {
                return kind;
            }
        }
        return null;
    }
}
