package dev.entangle.core.mutation;

/**
 * One change to one bound element: which binding ({@code selector}), what changed ({@code kind} and
 * {@code name}), from what to what, who made it, and the author's own sequence number and clock.
 */
public record MutationVector(String selector, MutationKind kind, String name, String oldValue, String newValue,
        String source, long seq, long timestamp) {

    /** Identifies the value this vector overwrites: two vectors with one key race for the same value. */
    public String key() {
        return selector + '\u0000' + kind.wire() + '\u0000' + (name == null ? "" : name);
    }
}
