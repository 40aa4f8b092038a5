package dev.entangle.core.ot;

/** A text in a StringBuilder, edited in place: an edit costs one array move, not a copy of the text. */
public final class StringBuilderDocument extends SplicedDocument {
    private final StringBuilder text;

    public StringBuilderDocument(String initial) {
        super(initial);
        text = new StringBuilder(initial);
    }

    @Override
    public String text() {
        return text.toString();
    }

    @Override
    protected void insertAt(int at, String inserted) {
        text.insert(at, inserted);
    }

    @Override
    protected void deleteRange(int from, int to) {
        text.delete(from, to);
    }

    @Override
    protected int offsetByCodePoints(int from, int codePoints) {
        return text.offsetByCodePoints(from, codePoints);
    }
}
