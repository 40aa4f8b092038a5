package dev.entangle.web.dom;

import dev.entangle.core.ot.TextDiff;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.ot.UndoStack;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.session.ClientSession;
import dev.entangle.core.session.TextListener;
import dev.entangle.web.api.TextBinding;
import dev.entangle.web.net.WebSocketTransport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.dom.events.EventTarget;

/**
 * A text field bound to a shared document. Local edits (typing, paste, cut, drag, IME) are found
 * by comparing the field with the text it last had, so every way of editing becomes one
 * operation. Remote edits are written into the field in place, keeping the user's caret and
 * selection; during an IME composition they wait, then move past what was composed.
 */
public final class TextLink implements TextBinding, TextListener {
    private static final long UNDO_GROUP_MILLIS = 1_000;

    private final ClientSession session;
    private final JSObject element;
    private final String doc;
    private final Runnable onReady;
    private final BiConsumer<ErrorCode, String> onRefused;
    private final UndoStack undo = new UndoStack(UNDO_GROUP_MILLIS);
    private final Map<String, int[]> peerCursors = new LinkedHashMap<>();
    /** The events the link listens to, all to {@link #listener}. */
    private static final String[] EVENTS = {"input", "compositionstart", "compositionend", "keyup", "mouseup",
        "select", "focus", "keydown", "beforeinput"};
    /** One listener for every event, told apart by type: a listener per event is a class each in the bundles. */
    private final EventListener<Event> listener = this::onEvent;
    private String text; // what the field held after the last edit we know of; null until the document arrived
    private TextOperation heldRemote; // remote edits waiting for an IME composition to end
    private boolean composing;
    private boolean active = true;
    private boolean ready;

    public TextLink(ClientSession session, JSObject element, String doc, Runnable onReady,
            BiConsumer<ErrorCode, String> onRefused) {
        this.session = session;
        this.element = element;
        this.doc = doc;
        this.onReady = onReady;
        this.onRefused = onRefused;
        listen(true);
    }

    /** Adds (or removes) the listener for every event; one list, so closing can never miss one. */
    private void listen(boolean on) {
        EventTarget target = (EventTarget) element;
        for (String type : EVENTS) {
            if (on) {
                target.addEventListener(type, listener);
            } else {
                target.removeEventListener(type, listener);
            }
        }
    }

    private void onEvent(Event event) {
        String type = event.getType();
        if (type.equals("input")) {
            localInput();
        } else if (type.equals("compositionstart")) {
            composing = true;
        } else if (type.equals("compositionend")) {
            composing = false;
            localInput();
        } else if (type.equals("keydown") || type.equals("beforeinput")) {
            historyKey(event);
        } else {
            caretMoved(); // keyup, mouseup, select, focus
        }
    }

    /** Whether {@code other} is the field this link binds. */
    public boolean binds(JSObject other) {
        return element == other;
    }

    public static boolean canBind(JSObject element) {
        return TextFields.isTextField(element);
    }

    // --- the page's view ---

    @Override
    public String getDoc() {
        return doc;
    }

    /** The text as this binding last knew it, or null before the document arrived; for devtools. */
    public String currentText() {
        return text;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void undo() {
        if (active && text != null && undo.canUndo()) {
            TextOperation operation = undo.popUndo();
            undo.pushRedo(operation.invert(text));
            applyLocal(operation);
        }
    }

    @Override
    public void redo() {
        if (active && text != null && undo.canRedo()) {
            TextOperation operation = undo.popRedo();
            undo.pushUndo(operation.invert(text));
            applyLocal(operation);
        }
    }

    @Override
    public void close() {
        if (!active) {
            return;
        }
        active = false;
        listen(false);
        session.closeText(doc);
    }

    // --- the session's view ---

    @Override
    public void reset(String whole) {
        text = whole;
        heldRemote = null;
        undo.clear();
        peerCursors.clear();
        TextFields.setValue(element, whole);
        if (!ready) {
            ready = true;
            onReady.run();
        }
    }

    @Override
    public void remote(TextOperation operation) {
        if (composing) {
            heldRemote = heldRemote == null ? operation : heldRemote.compose(operation);
            return;
        }
        writeIntoField(operation);
        undo.transform(operation);
        TextFields.announceRemote(element);
    }

    @Override
    public void cursor(String source, int anchor, int head) {
        peerCursors.put(source, new int[] {anchor, head});
        announceCursors();
    }

    @Override
    public String text() {
        // A remote edit held during an IME composition already counts as applied for the session.
        return heldRemote == null || text == null ? text : heldRemote.apply(text);
    }

    @Override
    public int[] selection() {
        int[] selection = TextFields.selection(element);
        if (selection == null || text == null) {
            return null;
        }
        return new int[] {codePoints(selection[0]), codePoints(selection[1])};
    }

    @Override
    public void refused(ErrorCode code, String message) {
        active = false;
        onRefused.accept(code, message);
    }

    // --- local edits ---

    private void localInput() {
        if (!active || text == null || composing) {
            return;
        }
        String now = TextFields.wellFormedValue(element);
        if (now.equals(text)) {
            return;
        }
        String before = text;
        int[] selection = TextFields.selection(element);
        TextOperation edit = TextDiff.between(before, now, selection == null ? -1 : Math.max(selection[0], selection[1]));
        undo.recordEdit(edit.invert(before), (long) WebSocketTransport.nowMillis());
        text = now;
        movePeerCursors(edit);
        if (heldRemote != null) {
            // Remote edits arrived during the composition: they go after it, and the edit we send goes
            // after them, as the session already counts them applied.
            TextOperation[] pair = TextOperation.transform(edit, heldRemote);
            heldRemote = null;
            writeIntoField(pair[1]);
            undo.transform(pair[1]);
            session.textEdit(doc, pair[0]);
        } else {
            session.textEdit(doc, edit);
        }
        session.textCursorMoved(doc);
    }

    /** An undo or redo: written into the field and sent like typing. */
    private void applyLocal(TextOperation operation) {
        writeIntoField(operation);
        session.textEdit(doc, operation);
        session.textCursorMoved(doc);
    }

    private void historyKey(Event event) {
        String command = TextFields.historyCommand(event);
        if (command != null && active) {
            TextFields.preventDefault(event); // the browser's own undo would take back other people's edits too
            if (command.equals("undo")) {
                undo();
            } else {
                redo();
            }
        }
    }

    private void caretMoved() {
        if (active && text != null) {
            session.textCursorMoved(doc);
        }
    }

    // --- the field ---

    /**
     * Writes {@code operation} into the field piece by piece, so the browser keeps the selection
     * where it belongs, and splices the same pieces into {@link #text}: substrings and
     * concatenation, which the JS build runs as native string operations (ropes), so a remote edit
     * costs the same in a long text as in a short one.
     */
    private void writeIntoField(TextOperation operation) {
        String now = text;
        // Without surrogate pairs a code point index is a UTF-16 index and nothing needs counting.
        boolean plain = now.length() == operation.baseLength();
        int at = 0; // UTF-16 index in the text as it is being edited
        var components = operation.components();
        for (int i = 0; i < components.size(); i++) {
            TextOperation.Component c = components.get(i);
            if (c instanceof TextOperation.Retain r) {
                if (i == components.size() - 1) {
                    break;
                }
                at = plain ? at + r.count() : now.offsetByCodePoints(at, r.count());
            } else if (c instanceof TextOperation.Insert insert) {
                TextFields.replace(element, insert.text(), at, at);
                now = now.substring(0, at) + insert.text() + now.substring(at);
                at += insert.text().length();
            } else {
                int count = ((TextOperation.Delete) c).count();
                int end = plain ? at + count : now.offsetByCodePoints(at, count);
                TextFields.replace(element, "", at, end);
                now = now.substring(0, at) + now.substring(end);
            }
        }
        text = now;
        movePeerCursors(operation);
    }

    private void movePeerCursors(TextOperation operation) {
        if (peerCursors.isEmpty()) {
            return;
        }
        for (int[] cursor : peerCursors.values()) {
            cursor[0] = operation.transformIndex(cursor[0], false);
            cursor[1] = operation.transformIndex(cursor[1], false);
        }
        announceCursors();
    }

    private void announceCursors() {
        String[] ids = new String[peerCursors.size()];
        int[] anchors = new int[ids.length];
        int[] heads = new int[ids.length];
        int i = 0;
        int length = text.codePointCount(0, text.length());
        for (Map.Entry<String, int[]> peer : peerCursors.entrySet()) {
            ids[i] = peer.getKey();
            anchors[i] = text.offsetByCodePoints(0, Math.min(peer.getValue()[0], length));
            heads[i] = text.offsetByCodePoints(0, Math.min(peer.getValue()[1], length));
            i++;
        }
        TextFields.announceCursors(element, ids, anchors, heads);
    }

    private int codePoints(int utf16) {
        return text.codePointCount(0, Math.min(utf16, text.length()));
    }
}
