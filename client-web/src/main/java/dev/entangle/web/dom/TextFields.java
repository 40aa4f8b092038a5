package dev.entangle.web.dom;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Reading and editing a text field in place. Form fields ({@code <textarea>}, {@code <input>})
 * are edited with {@code setRangeText(..., 'preserve')}, which keeps the user's caret and
 * selection where they meant them; a contenteditable element holds plain text only.
 */
final class TextFields {
    private TextFields() {
    }

    @JSBody(params = "el", script = "return el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT'"
            + " && /^(text|search|url|tel|email|password|)$/.test((el.getAttribute('type') || '').toLowerCase()))"
            + " || el.isContentEditable === true;")
    static native boolean isTextField(JSObject element);

    @JSBody(params = "el", script = "return el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' ? el.value : el.textContent;")
    static native String value(JSObject element);

    @JSBody(params = {"el", "text"}, script = "if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') el.value = text;"
            + " else el.textContent = text;")
    static native void setValue(JSObject element, String text);

    /**
     * Makes the field's text well formed: a half of a surrogate pair left alone (a selection that
     * split an emoji, then typing) becomes U+FFFD, as the WebSocket would turn it on the way to the
     * hub, so every window keeps the same text. One unit for one, so the selection stays put.
     * Returns the field's text.
     */
    @JSBody(params = "el", script = "var form = el.tagName === 'TEXTAREA' || el.tagName === 'INPUT';"
            + " var v = form ? el.value : el.textContent;"
            + " if (v.isWellFormed()) return v;"
            + " var w = v.toWellFormed();"
            + " if (form) { var s = el.selectionStart, e = el.selectionEnd, d = el.selectionDirection;"
            + "   el.value = w; el.setSelectionRange(s, e, d); } else { el.textContent = w; }"
            + " return w;")
    static native String wellFormedValue(JSObject element);

    /**
     * Replaces UTF-16 range [start, end) with {@code text}, keeping the selection where the user
     * meant it: a form field does it itself ('preserve'); a contenteditable gets the same rule by
     * hand (before the range: stays; after: moves along; inside: to its start).
     */
    @JSBody(params = {"el", "text", "start", "end"}, script = "if (typeof el.setRangeText === 'function') {"
            + " el.setRangeText(text, start, end, 'preserve'); return; }"
            + " var sel = el.ownerDocument.getSelection(), a = -1, f = -1;"
            + " var offset = function (node, off) { var r = el.ownerDocument.createRange(); r.setStart(el, 0);"
            + "   r.setEnd(node, off); return r.toString().length; };"
            + " if (sel && sel.rangeCount && el.contains(sel.anchorNode) && el.contains(sel.focusNode)) {"
            + "   a = offset(sel.anchorNode, sel.anchorOffset); f = offset(sel.focusNode, sel.focusOffset); }"
            + " var v = el.textContent; el.textContent = v.slice(0, start) + text + v.slice(end);"
            + " if (a < 0) return;"
            + " var move = function (o) { return o <= start ? o : o >= end ? o + text.length - (end - start) : start; };"
            + " var node = el.firstChild || el, max = el.firstChild ? node.length : 0;"
            + " sel.setBaseAndExtent(node, Math.min(move(a), max), node, Math.min(move(f), max));")
    static native void replace(JSObject element, String text, int start, int end);

    /** The selection as UTF-16 [anchor, head], or null when it is not in the field. */
    @JSBody(params = "el", script = "if (typeof el.selectionStart === 'number')"
            + " return el.selectionDirection === 'backward' ? [el.selectionEnd, el.selectionStart]"
            + " : [el.selectionStart, el.selectionEnd];"
            + " var sel = el.ownerDocument.getSelection();"
            + " if (!sel || !sel.rangeCount || !el.contains(sel.anchorNode) || !el.contains(sel.focusNode)) return null;"
            + " var offset = function (node, off) { var r = el.ownerDocument.createRange(); r.setStart(el, 0);"
            + "   r.setEnd(node, off); return r.toString().length; };"
            + " return [offset(sel.anchorNode, sel.anchorOffset), offset(sel.focusNode, sel.focusOffset)];")
    static native int[] selection(JSObject element);

    /** Tells the page where the peers' carets are: {@code entangle-cursors} on the element. */
    @JSBody(params = {"el", "ids", "anchors", "heads"}, script = "var cursors = [];"
            + " for (var i = 0; i < ids.length; i++) cursors.push({ clientId: ids[i], anchor: anchors[i], head: heads[i] });"
            + " el.dispatchEvent(new CustomEvent('entangle-cursors', { bubbles: true, detail: { cursors: cursors } }));")
    static native void announceCursors(JSObject element, String[] ids, int[] anchors, int[] heads);

    /** Tells the page a remote edit was applied: {@code entangle-text} on the element. */
    @JSBody(params = "el", script = "el.dispatchEvent(new CustomEvent('entangle-text',"
            + " { bubbles: true, detail: { appliedAt: performance.timeOrigin + performance.now() } }));")
    static native void announceRemote(JSObject element);

    /** {@code 'undo'}, {@code 'redo'} or null for a keydown or beforeinput event. */
    @JSBody(params = "e", script = "if (e.type === 'beforeinput') return e.inputType === 'historyUndo' ? 'undo'"
            + " : e.inputType === 'historyRedo' ? 'redo' : null;"
            + " if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;"
            + " var k = (e.key || '').toLowerCase();"
            + " return k === 'z' ? (e.shiftKey ? 'redo' : 'undo') : k === 'y' ? 'redo' : null;")
    static native String historyCommand(JSObject event);

    @JSBody(params = "e", script = "e.preventDefault();")
    static native void preventDefault(JSObject event);
}
