package dev.entangle.web.dom;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * Live pointers over one container ({@code Entangle.cursors}): this page's pointer is sent as
 * fractions of the container's scrollable box (so windows of other sizes and scroll positions
 * agree), at most once per {@code throttleMs} with the last position always sent; the others'
 * are drawn in a layer inside the container, each an arrow and a name in its colour, eased
 * between positions. Names are set as text, colours only when the browser takes them as CSS
 * colours: nothing a peer sends becomes markup.
 */
public final class CursorOverlay {

    /** Where this page's pointer is over the container ({@code inside} false: it left). */
    @JSFunctor
    public interface PointerSink extends JSObject {
        void moved(double x, double y, boolean inside);
    }

    private final JSObject container;
    private final String area;
    private final JSObject layer;
    private final JSObject stopSending;

    public CursorOverlay(JSObject container, String area, int throttleMs, PointerSink sink) {
        this.container = container;
        this.area = area;
        this.layer = addLayer(container);
        this.stopSending = listen(container, throttleMs, sink);
    }

    public String area() {
        return area;
    }

    /** Shows {@code clientId}'s pointer at {@code (x, y)} (fractions of the container's box). */
    public void show(String clientId, String label, String color, double x, double y) {
        draw(container, layer, clientId, label, color == null ? "" : color, x, y);
    }

    /** Renames or recolours a pointer already drawn. */
    public void relabel(String clientId, String label, String color) {
        relabel(layer, clientId, label, color == null ? "" : color);
    }

    public void hide(String clientId) {
        hide(layer, clientId);
    }

    /** Hides every pointer but those of {@code clientIds}. */
    public void keepOnly(java.util.List<String> clientIds) {
        keepOnly(layer, String.join("\u0000", clientIds));
    }

    public void stop() {
        call(stopSending);
        remove(layer);
    }

    @JSBody(params = "container", script = "var layer = document.createElement('div');"
            + " layer.className = 'entangle-cursors'; layer.setAttribute('aria-hidden', 'true');"
            + " layer.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;overflow:visible;"
            + "pointer-events:none;z-index:2147483000';"
            + " if (getComputedStyle(container).position === 'static') container.style.position = 'relative';"
            + " container.appendChild(layer); return layer;")
    private static native JSObject addLayer(JSObject container);

    @JSBody(params = {"c", "throttle", "sink"}, script = "var last = 0, timer = null, pending = null, at = null;"
            + " function flush() { timer = null; last = Date.now(); var p = pending; pending = null;"
            + "  if (p) sink(p[0], p[1], p[2]); }"
            + " function queue(x, y, inside) { pending = [x, y, inside]; var wait = throttle - (Date.now() - last);"
            + "  if (wait <= 0) { if (timer) clearTimeout(timer); flush(); } else if (!timer) timer = setTimeout(flush, wait); }"
            + " function place() { if (!at) return; var r = c.getBoundingClientRect();"
            + "  var w = c.scrollWidth || 1, h = c.scrollHeight || 1;"
            + "  queue((at[0] - r.left - c.clientLeft + c.scrollLeft) / w, (at[1] - r.top - c.clientTop + c.scrollTop) / h, true); }"
            + " function move(e) { at = [e.clientX, e.clientY]; place(); }"
            + " function leave() { at = null; queue(0, 0, false); }"
            + " c.addEventListener('pointermove', move); c.addEventListener('pointerdown', move);"
            + " c.addEventListener('pointerleave', leave); c.addEventListener('pointercancel', leave);"
            + " c.addEventListener('scroll', place);"
            + " return function () { c.removeEventListener('pointermove', move); c.removeEventListener('pointerdown', move);"
            + "  c.removeEventListener('pointerleave', leave); c.removeEventListener('pointercancel', leave);"
            + "  c.removeEventListener('scroll', place); if (timer) clearTimeout(timer); };")
    private static native JSObject listen(JSObject container, int throttleMs, PointerSink sink);

    @JSBody(params = {"c", "layer", "id", "label", "color", "x", "y"}, script = ""
            + "var el = null; for (var i = 0; i < layer.children.length; i++)"
            + "  if (layer.children[i].getAttribute('data-client') === id) el = layer.children[i];"
            + " if (!el) { el = document.createElement('div'); el.setAttribute('data-client', id);"
            + "  el.className = 'entangle-cursor';"
            + "  el.style.cssText = 'position:absolute;left:0;top:0;transition:transform 80ms linear;will-change:transform';"
            + "  var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');"
            + "  svg.setAttribute('width', '16'); svg.setAttribute('height', '16'); svg.setAttribute('viewBox', '0 0 16 16');"
            + "  var path = document.createElementNS(ns, 'path');"
            + "  path.setAttribute('d', 'M0 0 L0 13 L4 9.5 L7 15 L9 14 L6.5 8.5 L11.5 8.5 Z');"
            + "  path.setAttribute('stroke', '#fff'); svg.appendChild(path); el.appendChild(svg);"
            + "  var tag = document.createElement('span'); tag.className = 'entangle-cursor-label';"
            + "  tag.style.cssText = 'position:absolute;left:12px;top:14px;white-space:nowrap;"
            + "font:12px/1.4 system-ui,sans-serif;color:#fff;padding:1px 6px;border-radius:8px';"
            + "  el.appendChild(tag); layer.appendChild(el); }"
            + " var hue = 0; for (var j = 0; j < id.length; j++) hue = (hue * 31 + id.charCodeAt(j)) % 360;"
            + " var fill = color && window.CSS && CSS.supports && CSS.supports('color', color) ? color"
            + "  : 'hsl(' + hue + ',70%,42%)';"
            + " el.firstChild.firstChild.setAttribute('fill', fill); el.lastChild.style.background = fill;"
            + " el.lastChild.textContent = label;"
            + " el.style.transform = 'translate(' + (x * c.scrollWidth) + 'px,' + (y * c.scrollHeight) + 'px)';"
            + " el.style.display = '';")
    private static native void draw(JSObject container, JSObject layer, String clientId, String label, String color,
            double x, double y);

    @JSBody(params = {"layer", "id", "label", "color"}, script = ""
            + "for (var i = 0; i < layer.children.length; i++) { var el = layer.children[i];"
            + " if (el.getAttribute('data-client') !== id) continue; el.lastChild.textContent = label;"
            + " if (color && window.CSS && CSS.supports && CSS.supports('color', color)) {"
            + "  el.firstChild.firstChild.setAttribute('fill', color); el.lastChild.style.background = color; } }")
    private static native void relabel(JSObject layer, String clientId, String label, String color);

    @JSBody(params = {"layer", "id"}, script = "for (var i = 0; i < layer.children.length; i++)"
            + " if (layer.children[i].getAttribute('data-client') === id) layer.children[i].style.display = 'none';")
    private static native void hide(JSObject layer, String clientId);

    @JSBody(params = {"layer", "ids"}, script = "var keep = ids === '' ? [] : ids.split('\\u0000');"
            + " for (var i = 0; i < layer.children.length; i++)"
            + "  if (keep.indexOf(layer.children[i].getAttribute('data-client')) < 0) layer.children[i].style.display = 'none';")
    private static native void keepOnly(JSObject layer, String ids);

    @JSBody(params = "f", script = "f();")
    private static native void call(JSObject function);

    @JSBody(params = "el", script = "if (el.parentNode) el.parentNode.removeChild(el);")
    private static native void remove(JSObject element);
}
