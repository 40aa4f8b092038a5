package dev.entangle.web.dom;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** The few DOM operations a binding needs, as plain functions that behave the same on JS and Wasm. */
final class Dom {
    private Dom() {
    }

    /** Which property carries a form control's value, or null for an element that is not a form control. */
    @JSBody(params = "el", script = "var t = el.tagName;"
            + "if (t === 'INPUT') { var ty = (el.type || '').toLowerCase();"
            + "  return ty === 'checkbox' || ty === 'radio' ? 'checked' : 'value'; }"
            + "if (t === 'TEXTAREA') return 'value';"
            + "if (t === 'SELECT') return 'selectedIndex';"
            + "return null;")
    static native String formProperty(JSObject element);

    @JSBody(params = {"el", "name"}, script = "var v = el[name]; return v === undefined || v === null ? null : String(v);")
    static native String property(JSObject element, String name);

    @JSBody(params = {"el", "name", "value"}, script = "if (name === 'checked') el.checked = value === 'true';"
            + "else if (name === 'selectedIndex') el.selectedIndex = parseInt(value, 10);"
            + "else el.value = value === null ? '' : value;")
    static native void setProperty(JSObject element, String name, String value);

    @JSBody(params = {"el", "name"}, script = "return el.getAttribute(name);")
    static native String attribute(JSObject element, String name);

    @JSBody(params = {"el", "name", "value"}, script = "if (value === null) el.removeAttribute(name);"
            + "else el.setAttribute(name, value);")
    static native void setAttribute(JSObject element, String name, String value);

    @JSBody(params = "el", script = "return el.textContent;")
    static native String text(JSObject element);

    /** Text is set as text, never parsed as markup. */
    @JSBody(params = {"el", "value"}, script = "el.textContent = value === null ? '' : value;")
    static native void setText(JSObject element, String value);

    @JSBody(params = "text", script = "return { attributes: true, attributeOldValue: true,"
            + " characterData: text, characterDataOldValue: text, childList: text, subtree: text };")
    static native JSObject observerOptions(boolean text);

    /** Tells the page a remote change was applied: {@code entangle-mutation} on the element, bubbling. */
    @JSBody(params = {"el", "selector", "kind", "name", "value", "source"},
            script = "el.dispatchEvent(new CustomEvent('entangle-mutation', { bubbles: true, detail: {"
                    + " selector: selector, kind: kind, name: name, value: value, source: source,"
                    + " appliedAt: performance.timeOrigin + performance.now() } }));")
    static native void announce(JSObject element, String selector, String kind, String name, String value,
            String source);

    @JSBody(params = "el", script = "return el.id ? '#' + CSS.escape(el.id) : null;")
    static native String idSelector(JSObject element);
}
