package dev.entangle.web.dom;

import dev.entangle.core.ot.SplicedDocument;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * A text kept as a native JavaScript string and edited by slicing, which JS engines make cheap
 * (ropes). TeaVM's StringBuilder shifts one char at a time, which is far slower on large texts.
 */
public final class JsTextDocument extends SplicedDocument {
    private JSObject text;

    public JsTextDocument(String initial) {
        super(initial);
        text = jsString(initial);
    }

    @Override
    public String text() {
        return javaString(text);
    }

    @Override
    protected void insertAt(int at, String inserted) {
        text = insert(text, at, inserted);
    }

    @Override
    protected void deleteRange(int from, int to) {
        text = delete(text, from, to);
    }

    @Override
    protected int offsetByCodePoints(int from, int codePoints) {
        return offsetByCodePoints(text, from, codePoints);
    }

    @JSBody(params = "s", script = "return s;")
    private static native JSObject jsString(String s);

    @JSBody(params = "s", script = "return s;")
    private static native String javaString(JSObject s);

    @JSBody(params = {"s", "at", "t"}, script = "return s.slice(0, at) + t + s.slice(at);")
    private static native JSObject insert(JSObject s, int at, String t);

    @JSBody(params = {"s", "from", "to"}, script = "return s.slice(0, from) + s.slice(to);")
    private static native JSObject delete(JSObject s, int from, int to);

    @JSBody(params = {"s", "from", "n"}, script = "var i = from;"
            + " while (n > 0) { var c = s.charCodeAt(i); i += (c >= 0xD800 && c <= 0xDBFF) ? 2 : 1; n--; } return i;")
    private static native int offsetByCodePoints(JSObject s, int from, int n);
}
