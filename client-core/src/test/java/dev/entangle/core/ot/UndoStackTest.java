package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class UndoStackTest {
    private final UndoStack stack = new UndoStack(1_000);
    private String text = "";

    private void mine(TextOperation edit, long now) {
        stack.recordEdit(edit.invert(text), now);
        text = edit.apply(text);
    }

    private void theirs(TextOperation edit) {
        text = edit.apply(text);
        stack.transform(edit);
    }

    private void undo() {
        TextOperation undo = stack.popUndo();
        stack.pushRedo(undo.invert(text));
        text = undo.apply(text);
    }

    private void redo() {
        TextOperation redo = stack.popRedo();
        stack.pushUndo(redo.invert(text));
        text = redo.apply(text);
    }

    private int length() {
        return text.codePointCount(0, text.length());
    }

    @Test
    void undoTakesBackMyEditAndLeavesTheirs() {
        mine(TextOperation.splice(0, 0, 0, "hello"), 0);
        theirs(TextOperation.splice(length(), 0, 0, "Bob says: "));
        mine(TextOperation.splice(length(), length(), 0, " world"), 5_000);
        theirs(TextOperation.splice(length(), length(), 0, "!"));
        assertEquals("Bob says: hello world!", text);
        undo();
        assertEquals("Bob says: hello!", text);
        undo();
        assertEquals("Bob says: !", text);
        assertFalse(stack.canUndo());
        redo();
        assertEquals("Bob says: hello!", text);
    }

    @Test
    void aGroupedStepMovesPastRemoteEditsAndUndoesWhereItNowIs() {
        mine(TextOperation.splice(0, 0, 0, "o"), 0);
        mine(TextOperation.splice(1, 1, 0, "n"), 10);
        mine(TextOperation.splice(2, 2, 0, "e"), 20);
        theirs(TextOperation.splice(3, 0, 0, "B"));
        theirs(TextOperation.splice(4, 1, 0, "ob: "));
        for (String ch : new String[] {" ", "t", "w", "o"}) {
            mine(TextOperation.splice(length(), length(), 0, ch), 5_000);
        }
        assertEquals("Bob: one two", text);
        undo();
        assertEquals("Bob: one", text);
        undo();
        assertEquals("Bob: ", text);
    }

    @Test
    void keystrokesCloseTogetherUndoAsOneStep() {
        mine(TextOperation.splice(0, 0, 0, "a"), 0);
        mine(TextOperation.splice(1, 1, 0, "b"), 200);
        mine(TextOperation.splice(2, 2, 0, "c"), 400);
        mine(TextOperation.splice(3, 3, 0, " next"), 3_000);
        undo();
        assertEquals("abc", text);
        undo();
        assertEquals("", text);
    }

    @Test
    void undoingADeletionRestoresTheTextWhereItNowIs() {
        text = "keep DELETE-ME keep";
        mine(TextOperation.splice(19, 5, 10, ""), 0);
        theirs(TextOperation.splice(length(), 0, 0, ">> "));
        undo();
        assertEquals(">> keep DELETE-ME keep", text);
    }
}
