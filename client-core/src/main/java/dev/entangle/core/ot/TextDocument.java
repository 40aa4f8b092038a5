package dev.entangle.core.ot;

/** A text that operations are applied to, in place. Platforms pick the representation that keeps edits cheap. */
public interface TextDocument {

    /** Length in code points. */
    int length();

    /** Applies {@code operation}; refuses (and leaves the text unchanged) when its base length does not match. */
    void apply(TextOperation operation);

    String text();
}
