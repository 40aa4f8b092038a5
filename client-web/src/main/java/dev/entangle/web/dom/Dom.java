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

    /** Everything under the element, for a child-list binding (attributes of descendants are part of the list). */
    @JSBody(script = "return { attributes: true, attributeOldValue: true, characterData: true, childList: true,"
            + " subtree: true };")
    static native JSObject childListObserverOptions();

    /** Tells the page a remote change was applied: {@code entangle-mutation} on the element, bubbling. */
    @JSBody(params = {"el", "selector", "kind", "name", "value", "oldValue", "source"},
            script = "el.dispatchEvent(new CustomEvent('entangle-mutation', { bubbles: true, detail: {"
                    + " selector: selector, kind: kind, name: name, value: value, oldValue: oldValue, source: source,"
                    + " appliedAt: performance.timeOrigin + performance.now() } }));")
    static native void announce(JSObject element, String selector, String kind, String name, String value,
            String oldValue, String source);

    /** {@code entangle-awareness} about a binding's ownership, on the element, bubbling to the document. */
    @JSBody(params = {"el", "type", "selector", "owner", "previous", "from"},
            script = "el.dispatchEvent(new CustomEvent('entangle-awareness', { bubbles: true, detail: {"
                    + " type: type, selector: selector, owner: owner, previous: previous, from: from } }));")
    static native void announceOwnership(JSObject element, String type, String selector, String owner,
            String previous, String from);

    /**
     * The element's children as a {@code ChildList} (JSON): elements as {tag, attrs, children},
     * text as strings; comments and whitespace-only text between elements are left out, and so is
     * the devtools panel's element (it is the page's tool, not its content).
     */
    @JSBody(params = "el", script = "function walk(parent) { var out = [];"
            + " for (var n = parent.firstChild; n; n = n.nextSibling) {"
            + "  if (n.nodeType === 3) { if (n.data.trim() !== '' || !parent.firstElementChild) out.push(n.data); }"
            + "  else if (n.nodeType === 1) { if (n.localName === 'entangle-devtools') continue; var attrs = {};"
            + "   for (var i = 0; i < n.attributes.length; i++) attrs[n.attributes[i].name] = n.attributes[i].value;"
            + "   out.push({ tag: n.tagName.toLowerCase(), attrs: attrs, children: walk(n) }); } }"
            + " return out; }"
            + " return JSON.stringify(walk(el));")
    static native String childList(JSObject element);

    /**
     * Replaces the element's children with nodes built from a {@code ChildList} the caller has
     * already checked: createElement, setAttribute and createTextNode only, never markup. The
     * devtools panel's element, if it is there, stays.
     */
    @JSBody(params = {"el", "json"}, script = "function build(items) { var out = [];"
            + " for (var i = 0; i < items.length; i++) { var item = items[i];"
            + "  if (typeof item === 'string') { out.push(document.createTextNode(item)); continue; }"
            + "  var node = document.createElement(item.tag); var attrs = item.attrs || {};"
            + "  for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);"
            + "  var kids = build(item.children || []);"
            + "  for (var j = 0; j < kids.length; j++) node.appendChild(kids[j]);"
            + "  out.push(node); }"
            + " return out; }"
            + " var kept = Array.prototype.filter.call(el.children, function (c) { return c.localName === 'entangle-devtools'; });"
            + " el.replaceChildren.apply(el, build(json === null ? [] : JSON.parse(json)).concat(kept));")
    static native void setChildList(JSObject element, String json);

    @JSBody(params = "el", script = "return el.id ? '#' + CSS.escape(el.id) : null;")
    static native String idSelector(JSObject element);
}
