package dev.entangle.core.ot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An edit of a whole text: a sequence of retain, insert and delete components that walks the
 * document from start to end. Positions and lengths count Unicode code points, so an emoji is
 * one position on the JVM and in the browser alike.
 *
 * <p>Immutable. Built in canonical form (adjacent components of one kind merged, an insert always
 * before an adjacent delete), so two operations that do the same thing are equal.
 *
 * <p>{@link #transform} breaks ties the way a server-ordered system needs: when both operations
 * insert at the same position, the first argument's insert goes first.
 */
public final class TextOperation {

    /** One component: retain or delete {@code n} code points, or insert {@code text}. */
    public sealed interface Component permits Retain, Insert, Delete {
    }

    public record Retain(int count) implements Component {
    }

    public record Insert(String text, int length) implements Component {
    }

    public record Delete(int count) implements Component {
    }

    private final Component[] components;
    private final int baseLength;
    private final int targetLength;

    private TextOperation(Component[] components, int baseLength, int targetLength) {
        this.components = components;
        this.baseLength = baseLength;
        this.targetLength = targetLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The operation that leaves a text of {@code length} code points unchanged. */
    public static TextOperation identity(int length) {
        return builder().retain(length).build();
    }

    /** Replaces {@code deleteCount} code points at {@code position} with {@code text}, in a text of {@code length}. */
    public static TextOperation splice(int length, int position, int deleteCount, String text) {
        if (position < 0 || deleteCount < 0 || position + (long) deleteCount > length) {
            throw new IllegalArgumentException("delete of " + deleteCount + " at " + position
                    + " past the end of the text (length " + length + ")");
        }
        return builder().retain(position).insert(text).delete(deleteCount).retain(length - position - deleteCount).build();
    }

    /** Length, in code points, of the text this operation applies to. */
    public int baseLength() {
        return baseLength;
    }

    /** Length, in code points, of the text it produces. */
    public int targetLength() {
        return targetLength;
    }

    public List<Component> components() {
        return List.of(components);
    }

    /** How many components the operation has (without copying them). */
    public int componentCount() {
        return components.length;
    }

    public boolean isIdentity() {
        for (Component c : components) {
            if (!(c instanceof Retain)) {
                return false;
            }
        }
        return true;
    }

    /** Applies this operation to {@code text}; refuses a text of the wrong length. */
    public String apply(String text) {
        int length = text.codePointCount(0, text.length());
        if (length != baseLength) {
            throw new IllegalArgumentException("operation expects a text of " + baseLength
                    + " code points, got " + length);
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int at = 0; // char index into text
        for (Component c : components) {
            if (c instanceof Retain r) {
                int end = text.offsetByCodePoints(at, r.count());
                out.append(text, at, end);
                at = end;
            } else if (c instanceof Insert i) {
                out.append(i.text());
            } else {
                at = text.offsetByCodePoints(at, ((Delete) c).count());
            }
        }
        return out.toString();
    }

    /** The operation that undoes this one, given the text this one was applied to. */
    public TextOperation invert(String text) {
        int length = text.codePointCount(0, text.length());
        if (length != baseLength) {
            throw new IllegalArgumentException("cannot invert against a text of " + length
                    + " code points: the operation expects " + baseLength);
        }
        Builder inverse = builder();
        int at = 0;
        for (Component c : components) {
            if (c instanceof Retain r) {
                inverse.retain(r.count());
                at = text.offsetByCodePoints(at, r.count());
            } else if (c instanceof Insert i) {
                inverse.delete(i.length());
            } else {
                int end = text.offsetByCodePoints(at, ((Delete) c).count());
                inverse.insert(text.substring(at, end));
                at = end;
            }
        }
        return inverse.build();
    }

    /** The single operation that has the effect of this one followed by {@code next}. */
    public TextOperation compose(TextOperation next) {
        if (targetLength != next.baseLength) {
            throw new IllegalArgumentException("cannot compose: the first operation produces " + targetLength
                    + " code points, the second expects " + next.baseLength);
        }
        Builder out = builder();
        Cursor a = new Cursor(components);
        Cursor b = new Cursor(next.components);
        while (a.has() || b.has()) {
            if (a.isDelete()) {
                out.delete(a.take(a.remaining()));
            } else if (b.isInsert()) {
                out.insert(b.takeText(b.remaining()));
            } else if (!a.has() || !b.has()) {
                throw new IllegalStateException("compose ran out of components: the operations do not fit");
            } else {
                int n = Math.min(a.remaining(), b.remaining());
                if (a.isRetain() && b.isRetain()) {
                    out.retain(n);
                    a.take(n);
                    b.take(n);
                } else if (a.isInsert() && b.isDelete()) {
                    a.takeText(n); // inserted, then deleted: nothing
                    b.take(n);
                } else if (a.isInsert()) { // and b retains
                    out.insert(a.takeText(n));
                    b.take(n);
                } else { // a retains, b deletes
                    out.delete(n);
                    a.take(n);
                    b.take(n);
                }
            }
        }
        return out.build();
    }

    /**
     * Given {@code a} and {@code b}, concurrent operations on one text, returns {@code [a', b']}
     * such that applying {@code a} then {@code b'} equals applying {@code b} then {@code a'}.
     * At the same position, {@code a}'s insert goes first.
     */
    public static TextOperation[] transform(TextOperation a, TextOperation b) {
        if (a.baseLength != b.baseLength) {
            throw new IllegalArgumentException("cannot transform operations on texts of different lengths ("
                    + a.baseLength + " and " + b.baseLength + ")");
        }
        Builder aPrime = builder();
        Builder bPrime = builder();
        Cursor x = new Cursor(a.components);
        Cursor y = new Cursor(b.components);
        while (x.has() || y.has()) {
            if (x.isInsert()) {
                int n = x.remaining();
                aPrime.insert(x.takeText(n));
                bPrime.retain(n);
            } else if (y.isInsert()) {
                int n = y.remaining();
                aPrime.retain(n);
                bPrime.insert(y.takeText(n));
            } else if (!x.has() || !y.has()) {
                throw new IllegalStateException("transform ran out of components: the operations do not fit");
            } else {
                int n = Math.min(x.remaining(), y.remaining());
                if (x.isRetain() && y.isRetain()) {
                    aPrime.retain(n);
                    bPrime.retain(n);
                } else if (x.isDelete() && y.isRetain()) {
                    aPrime.delete(n);
                } else if (x.isRetain()) { // y deletes
                    bPrime.delete(n);
                } // both delete the same text: neither needs to
                x.take(n);
                y.take(n);
            }
        }
        return new TextOperation[] {aPrime.build(), bPrime.build()};
    }

    /**
     * Where position {@code index} of the base text is in the target text: for cursors. An insert at
     * exactly {@code index} pushes the position along unless {@code stickToStart}.
     */
    public int transformIndex(int index, boolean stickToStart) {
        int newIndex = index;
        int at = 0;
        for (Component c : components) {
            if (at > index) {
                break;
            }
            if (c instanceof Retain r) {
                at += r.count();
            } else if (c instanceof Insert i) {
                if (at < index || !stickToStart) {
                    newIndex += i.length();
                }
            } else {
                int count = ((Delete) c).count();
                newIndex -= Math.min(count, index - at);
                at += count;
            }
        }
        return newIndex;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextOperation o && Arrays.equals(components, o.components);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(components);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (Component c : components) {
            if (out.length() > 1) {
                out.append(", ");
            }
            if (c instanceof Retain r) {
                out.append("retain ").append(r.count());
            } else if (c instanceof Insert i) {
                out.append("insert '").append(i.text()).append('\'');
            } else {
                out.append("delete ").append(((Delete) c).count());
            }
        }
        return out.append(']').toString();
    }

    /** Walks a component array, taking parts of components. */
    private static final class Cursor {
        private final Component[] components;
        private int index;
        private int offset; // code points of the current component already taken
        private int charOffset; // chars of the current insert already taken

        Cursor(Component[] components) {
            this.components = components;
        }

        boolean has() {
            return index < components.length;
        }

        boolean isRetain() {
            return has() && components[index] instanceof Retain;
        }

        boolean isInsert() {
            return has() && components[index] instanceof Insert;
        }

        boolean isDelete() {
            return has() && components[index] instanceof Delete;
        }

        int remaining() {
            Component c = components[index];
            int size = c instanceof Retain r ? r.count() : c instanceof Insert i ? i.length() : ((Delete) c).count();
            return size - offset;
        }

        int take(int n) {
            advance(n);
            return n;
        }

        String takeText(int n) {
            Insert insert = (Insert) components[index];
            String text = insert.text();
            int end = text.offsetByCodePoints(charOffset, n);
            String part = text.substring(charOffset, end);
            charOffset = end;
            advance(n);
            return part;
        }

        private void advance(int n) {
            offset += n;
            if (remaining() == 0) {
                index++;
                offset = 0;
                charOffset = 0;
            }
        }
    }

    /** Builds an operation in canonical form. */
    public static final class Builder {
        private final List<Component> components = new ArrayList<>();
        private int baseLength;
        private int targetLength;

        private Builder() {
        }

        public Builder retain(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("retain count must not be negative, got " + count);
            }
            if (count == 0) {
                return this;
            }
            baseLength += count;
            targetLength += count;
            Component last = last();
            if (last instanceof Retain r) {
                set(components.size() - 1, new Retain(r.count() + count));
            } else {
                components.add(new Retain(count));
            }
            return this;
        }

        public Builder insert(String text) {
            if (text == null || text.isEmpty()) {
                return this;
            }
            int length = text.codePointCount(0, text.length());
            targetLength += length;
            Component last = last();
            if (last instanceof Insert i) {
                set(components.size() - 1, new Insert(i.text() + text, i.length() + length));
            } else if (last instanceof Delete) {
                // Canonical order: an insert comes before an adjacent delete.
                Component beforeDelete = components.size() > 1 ? components.get(components.size() - 2) : null;
                if (beforeDelete instanceof Insert i) {
                    set(components.size() - 2, new Insert(i.text() + text, i.length() + length));
                } else {
                    components.add(components.size() - 1, new Insert(text, length));
                }
            } else {
                components.add(new Insert(text, length));
            }
            return this;
        }

        public Builder delete(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("delete count must not be negative, got " + count);
            }
            if (count == 0) {
                return this;
            }
            baseLength += count;
            Component last = last();
            if (last instanceof Delete d) {
                set(components.size() - 1, new Delete(d.count() + count));
            } else {
                components.add(new Delete(count));
            }
            return this;
        }

        public TextOperation build() {
            // Copied by hand: toArray(T[]) makes its array by reflection, which the browser bundles would carry.
            Component[] built = new Component[components.size()];
            for (int i = 0; i < built.length; i++) {
                built[i] = components.get(i);
            }
            return new TextOperation(built, baseLength, targetLength);
        }

        private Component last() {
            return components.isEmpty() ? null : components.get(components.size() - 1);
        }

        private void set(int index, Component component) {
            components.set(index, component);
        }
    }
}
