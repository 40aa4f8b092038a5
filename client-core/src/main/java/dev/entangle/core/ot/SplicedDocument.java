package dev.entangle.core.ot;

/**
 * A text edited in place, component by component: subclasses say how to insert and delete at a
 * UTF-16 index in their representation (a StringBuilder, a native JS string). Positions are code
 * points; while the text holds no surrogate pairs (most texts) a code point position is a UTF-16
 * index and no counting is needed.
 */
public abstract class SplicedDocument implements TextDocument {
    private int length;
    private int surrogatePairs;

    protected SplicedDocument(String initial) {
        length = initial.codePointCount(0, initial.length());
        surrogatePairs = initial.length() - length;
    }

    /** Inserts {@code text} at UTF-16 index {@code at}. */
    protected abstract void insertAt(int at, String text);

    /** Deletes UTF-16 range [{@code from}, {@code to}). */
    protected abstract void deleteRange(int from, int to);

    /** The UTF-16 index {@code codePoints} code points after {@code from}. */
    protected abstract int offsetByCodePoints(int from, int codePoints);

    @Override
    public final int length() {
        return length;
    }

    @Override
    public final void apply(TextOperation operation) {
        if (operation.baseLength() != length) {
            throw new IllegalArgumentException("operation expects a text of " + operation.baseLength()
                    + " code points, the document has " + length);
        }
        int at = 0; // UTF-16 index
        var components = operation.components();
        for (int i = 0; i < components.size(); i++) {
            TextOperation.Component c = components.get(i);
            if (c instanceof TextOperation.Retain r) {
                if (i == components.size() - 1) {
                    break; // the rest of the text stays as it is
                }
                at = offset(at, r.count());
            } else if (c instanceof TextOperation.Insert insert) {
                insertAt(at, insert.text());
                at += insert.text().length();
                surrogatePairs += insert.text().length() - insert.length();
            } else {
                int count = ((TextOperation.Delete) c).count();
                int end = offset(at, count);
                surrogatePairs -= (end - at) - count;
                deleteRange(at, end);
            }
        }
        length = operation.targetLength();
    }

    private int offset(int from, int codePoints) {
        return surrogatePairs == 0 ? from + codePoints : offsetByCodePoints(from, codePoints);
    }
}
