package dev.entangle.core.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-user undo for a shared text: it holds the inverses of my own edits only, and transforms
 * them past everything that happens afterwards (my later edits and other people's), so undo takes
 * back my last edit where it is now and leaves my colleagues' edits alone. Edits made within
 * {@code groupMillis} of each other undo together, as typing a word does in an editor.
 */
public final class UndoStack {
    private final long groupMillis;
    private final List<TextOperation> undo = new ArrayList<>();
    private final List<TextOperation> redo = new ArrayList<>();
    private long lastEditAt = Long.MIN_VALUE;

    public UndoStack(long groupMillis) {
        this.groupMillis = groupMillis;
    }

    /** I made {@code edit}; {@code inverse} undoes it (on the text after it). Clears redo. */
    public void recordEdit(TextOperation inverse, long now) {
        redo.clear();
        if (!undo.isEmpty() && now - lastEditAt <= groupMillis) {
            int top = undo.size() - 1;
            undo.set(top, inverse.compose(undo.get(top)));
        } else {
            undo.add(inverse);
        }
        lastEditAt = now;
    }

    /** Someone else's edit (already applied to the text): every stored step moves past it. */
    public void transform(TextOperation remote) {
        transform(undo, remote);
        transform(redo, remote);
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    /**
     * The edit that undoes my last step, to apply and send as a new local edit; then hand its
     * inverse (on the text after it) to {@link #pushRedo}.
     */
    public TextOperation popUndo() {
        lastEditAt = Long.MIN_VALUE; // the next edit starts a new step
        return undo.remove(undo.size() - 1);
    }

    public void pushRedo(TextOperation inverseOfUndo) {
        redo.add(inverseOfUndo);
    }

    public TextOperation popRedo() {
        lastEditAt = Long.MIN_VALUE;
        return redo.remove(redo.size() - 1);
    }

    /** After a redo was applied: its inverse goes back on the undo stack without clearing redo. */
    public void pushUndo(TextOperation inverseOfRedo) {
        undo.add(inverseOfRedo);
    }

    public void clear() {
        undo.clear();
        redo.clear();
        lastEditAt = Long.MIN_VALUE;
    }

    /** Transforms a stack past {@code operation}, newest entry first (it is nearest the present). */
    private static void transform(List<TextOperation> stack, TextOperation operation) {
        TextOperation current = operation;
        for (int i = stack.size() - 1; i >= 0; i--) {
            TextOperation[] pair = TextOperation.transform(stack.get(i), current);
            stack.set(i, pair[0]);
            current = pair[1];
        }
    }
}
