package dev.entangle.web.devtools;

import dev.entangle.web.json.BrowserJson;
import dev.entangle.web.net.WebSocketTransport;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The open panel: an {@code <entangle-devtools>} element on {@code <html>} (outside {@code <body>},
 * which is what pages bind) holding a shadow root, so the page's CSS does not reach in and the
 * page's observers never see its nodes. Everything in it is text: values come from peers and are
 * not trusted. It redraws on a timer while open; closing removes the element, the timer and every tap.
 *
 * <p>This is the devtools bundle ({@code entangle-devtools.mjs}): it reaches the page's clients
 * through the {@link Bridge} only, whichever build (JavaScript or Wasm) made them.
 */
final class Panel implements Bridge.Panel {
    /** The element's name; a child-list binding leaves it out of the list (see Dom.childList). */
    static final String TAG = "entangle-devtools";
    private static final int REDRAW_MS = 250;

    private final Bridge.Page page;
    private final List<Bridge.Client> clients = new ArrayList<>();
    private final Flow flow = new Flow(BrowserJson.ENGINE);
    private final HTMLDocument document = HTMLDocument.current();
    private final JSObject host;
    private final HTMLElement state;
    private final HTMLElement flowTable;
    private final int timer;
    private int drawnFlow = -1;
    private boolean open = true;

    Panel(Bridge.Page page) {
        this.page = page;
        JSArray<Bridge.Client> now = page.clients();
        for (int i = 0; i < now.getLength(); i++) {
            clients.add(now.get(i));
        }
        this.host = createHost(TAG);
        JSObject root = shadowOf(host);
        HTMLElement style = element("style", null, STYLE);
        HTMLElement panel = element("div", "panel", null);
        HTMLElement header = element("header", null, null);
        header.appendChild(element("h2", null, "Entangle devtools"));
        HTMLElement close = element("button", "close", "\u00d7");
        close.setAttribute("title", "Close (Entangle.devtools().close())");
        close.addEventListener("click", event -> close());
        header.appendChild(close);
        panel.appendChild(header);
        state = element("div", "state", null);
        panel.appendChild(state);
        panel.appendChild(element("h3", null, "Flow (newest first)"));
        flowTable = element("div", "flow", null);
        panel.appendChild(flowTable);
        append(root, style);
        append(root, panel);
        for (Bridge.Client client : clients) {
            tap(client);
        }
        draw();
        timer = Window.setInterval(this::draw, REDRAW_MS);
    }

    @Override
    public void attach(Bridge.Client client) {
        if (open) {
            clients.add(client);
            tap(client);
        }
    }

    @Override
    public void detach(Bridge.Client client) {
        for (Bridge.Client shown : clients) {
            if (shown.id() == client.id()) {
                clients.remove(shown);
                shown.tap(null);
                return;
            }
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        Window.clearInterval(timer);
        for (Bridge.Client client : clients) {
            client.tap(null);
        }
        clients.clear();
        remove(host);
        page.closed();
    }

    private void tap(Bridge.Client client) {
        String label = client.label();
        client.tap((outgoing, frame) -> flow.frame(label, outgoing, frame, (long) WebSocketTransport.nowMillis()));
    }

    private void draw() {
        if (!open) {
            return;
        }
        HTMLElement next = element("div", "state", null);
        if (clients.isEmpty()) {
            next.appendChild(element("p", "empty", "No client in this page yet (Entangle.connect or Entangle.sync)."));
        }
        for (Bridge.Client client : clients) {
            JSArray<Bridge.Block> blocks = client.describe();
            for (int b = 0; b < blocks.getLength(); b++) {
                Bridge.Block block = blocks.get(b);
                next.appendChild(element("h3", null, block.getTitle()));
                JSArray<Bridge.Table> tables = block.getTables();
                for (int t = 0; t < tables.getLength(); t++) {
                    Bridge.Table table = tables.get(t);
                    List<List<String>> rows = isUndefined(table.getOutbox()) ? rows(table.getRows())
                            : OutboxView.rows(textOrNull(table.getOutbox()));
                    next.appendChild(element("h4", null, table.getTitle()));
                    next.appendChild(table(table.getTitle(), strings(table.getColumns()), rows, null));
                }
            }
        }
        replaceChildren(state, next);
        if (flow.changes() != drawnFlow) {
            drawnFlow = flow.changes();
            List<List<String>> rows = new ArrayList<>();
            List<String> classes = new ArrayList<>();
            for (Flow.Entry entry : flow.newestFirst()) {
                rows.add(java.util.Arrays.asList(clock(entry.at), entry.client, entry.outgoing ? "\u2191 out" : "\u2193 in", entry.what,
                        entry.key, entry.value, entry.latency));
                classes.add(entry.outgoing ? "out" : "in");
            }
            HTMLElement nextFlow = element("div", "flow", null);
            nextFlow.appendChild(table("flow", FLOW_COLUMNS, rows, classes));
            replaceChildren(flowTable, nextFlow);
        }
    }

    private static final List<String> FLOW_COLUMNS = List.of("time", "client", "", "what", "key", "value", "latency");

    private HTMLElement table(String name, List<String> columns, List<List<String>> rows, List<String> rowClasses) {
        if (rows.isEmpty()) {
            HTMLElement none = element("p", "empty", "none");
            none.setAttribute("data-table", name);
            return none;
        }
        HTMLElement table = element("table", null, null);
        table.setAttribute("data-table", name);
        HTMLElement head = element("tr", null, null);
        for (String column : columns) {
            head.appendChild(element("th", null, column));
        }
        table.appendChild(head);
        for (int i = 0; i < rows.size(); i++) {
            HTMLElement tr = element("tr", rowClasses == null ? null : rowClasses.get(i), null);
            for (String cell : rows.get(i)) {
                HTMLElement td = element("td", null, cell);
                td.setAttribute("title", cell);
                tr.appendChild(td);
            }
            table.appendChild(tr);
        }
        return table;
    }

    private static List<List<String>> rows(JSArray<JSArray<JSString>> rows) {
        List<List<String>> out = new ArrayList<>(rows.getLength());
        for (int i = 0; i < rows.getLength(); i++) {
            out.add(strings(rows.get(i)));
        }
        return out;
    }

    private static List<String> strings(JSArray<JSString> cells) {
        List<String> out = new ArrayList<>(cells.getLength());
        for (int i = 0; i < cells.getLength(); i++) {
            out.add(cells.get(i).stringValue());
        }
        return out;
    }

    /** An element with a class and text: always textContent, never markup. */
    private HTMLElement element(String tag, String className, String text) {
        HTMLElement element = document.createElement(tag);
        if (className != null) {
            element.setClassName(className);
        }
        if (text != null) {
            element.setTextContent(text);
        }
        return element;
    }

    /** hh:mm:ss.mmm, local time. */
    private static String clock(long millis) {
        return clockOf(millis);
    }

    @JSBody(params = "ms", script = "var d = new Date(ms), p = function (n, w) { return String(n).padStart(w, '0'); };"
            + " return p(d.getHours(), 2) + ':' + p(d.getMinutes(), 2) + ':' + p(d.getSeconds(), 2) + '.'"
            + " + p(d.getMilliseconds(), 3);")
    private static native String clockOf(double ms);

    @JSBody(params = "value", script = "return value === undefined;")
    private static native boolean isUndefined(JSObject value);

    @JSBody(params = "value", script = "return typeof value === 'string' ? value : null;")
    private static native String textOrNull(JSObject value);

    @JSBody(params = "tag", script = "var host = document.createElement(tag);"
            + " host.attachShadow({ mode: 'open' });"
            + " document.documentElement.appendChild(host); return host;")
    private static native JSObject createHost(String tag);

    @JSBody(params = "host", script = "return host.shadowRoot;")
    private static native JSObject shadowOf(JSObject host);

    @JSBody(params = {"parent", "child"}, script = "parent.appendChild(child);")
    private static native void append(JSObject parent, JSObject child);

    @JSBody(params = {"old", "next"}, script = "old.replaceChildren.apply(old, Array.prototype.slice.call(next.childNodes));")
    private static native void replaceChildren(JSObject old, JSObject next);

    @JSBody(params = "node", script = "if (node.parentNode) node.parentNode.removeChild(node);")
    private static native void remove(JSObject node);

    private static final String STYLE = ":host { all: initial; }"
            + ".panel { position: fixed; right: 12px; bottom: 12px; width: min(640px, calc(100vw - 24px));"
            + " max-height: 75vh; overflow: auto; z-index: 2147483647; background: #111827; color: #e5e7eb;"
            + " font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; border-radius: 8px;"
            + " box-shadow: 0 8px 28px rgba(0, 0, 0, .4); padding-bottom: 8px; }"
            + "header { display: flex; justify-content: space-between; align-items: center; padding: 6px 10px;"
            + " background: #1f2937; position: sticky; top: 0; }"
            + "h2 { font-size: 13px; margin: 0; font-weight: 600; }"
            + "h3 { font-size: 12px; margin: 10px 10px 2px; color: #93c5fd; }"
            + "h4 { font-size: 10px; margin: 6px 10px 1px; color: #9ca3af; text-transform: uppercase;"
            + " letter-spacing: .05em; font-weight: 600; }"
            + "table { border-collapse: collapse; margin: 0 10px; width: calc(100% - 20px); table-layout: fixed; }"
            + "th, td { text-align: left; padding: 1px 4px; border-bottom: 1px solid #374151; overflow: hidden;"
            + " text-overflow: ellipsis; white-space: nowrap; }"
            + "th { color: #9ca3af; font-weight: normal; }"
            + "table[data-table=flow] th:nth-child(1) { width: 96px; }"
            + "table[data-table=flow] th:nth-child(2) { width: 64px; }"
            + "table[data-table=flow] th:nth-child(3) { width: 52px; }"
            + "table[data-table=flow] th:nth-child(4) { width: 72px; }"
            + "table[data-table=flow] th:nth-child(5) { width: 120px; }"
            + "table[data-table=flow] th:nth-child(7) { width: 72px; }"
            + "tr.in td:nth-child(3) { color: #86efac; } tr.out td:nth-child(3) { color: #fcd34d; }"
            + ".empty { color: #6b7280; margin: 0 10px; }"
            + "button { background: none; border: 1px solid #4b5563; color: inherit; border-radius: 4px;"
            + " cursor: pointer; font: inherit; padding: 0 6px; }";
}
