package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.options.ScreenshotCaret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The devtools panel, in two windows against a real hub: it shows the binding, its last value and
 * the peer, a change made in the other window reaches its flow with a latency, a hostile value is
 * shown as text, and while it is closed it adds nothing to the page: not even its code, which
 * is a file of its own ({@code entangle-devtools.mjs}) loaded when the panel opens.
 */
class DevtoolsE2ETest extends BrowserTest {
    private static final String HOSTILE = "<img src=x onerror=\"window.pwned = true\">";

    /** Connects as {@code clientId} in room {@code dt} and binds #title to everyone. */
    private static final String JOIN = """
            async ([url, clientId]) => {
              window.client = await Entangle.connect({ url, clientId, room: 'dt' });
              window.link = await window.client.entangle(document.getElementById('title'), { to: '*' });
              return window.client.status;
            }""";

    /** The text of every row of the panel's table {@code name}, cells joined by " | ". */
    private static final String TABLE_ROWS = """
            name => {
              const host = document.querySelector('entangle-devtools');
              if (!host) return null;
              const table = host.shadowRoot.querySelector('[data-table="' + name + '"]');
              if (!table || table.tagName !== 'TABLE') return [];
              return Array.from(table.querySelectorAll('tr')).slice(1)
                  .map(tr => Array.from(tr.children).map(td => td.textContent).join(' | '));
            }""";

    private Window join(Build build, String clientId, String extraQuery) {
        Window window = browser.open(hub, "/lab.html?build=" + build.param() + extraQuery);
        window.waitUntilReady();
        assertEquals("connected", window.page.evaluate(JOIN, List.of(hubUrl(), clientId)));
        return window;
    }

    private String hubUrl() {
        return "ws://127.0.0.1:" + hub.port() + "/entangle";
    }

    @SuppressWarnings("unchecked")
    private static List<String> rows(Window window, String table) {
        return (List<String>) window.page.evaluate(TABLE_ROWS, table);
    }

    private static void waitForRow(Window window, String table, String containing) {
        window.page.waitForFunction("([fn, table, text]) => { const rows = eval(fn)(table);"
                + " return rows !== null && rows.some(r => r.includes(text)); }",
                List.of(TABLE_ROWS, table, containing));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void thePanelShowsBindingsPeersAndTheFlowOfChangesAsText(Build build) {
        Window alice = browser.open(hub, "/lab.html?build=" + build.param());
        alice.waitUntilReady();
        // Everything the page's own tree goes through, from before the client exists.
        alice.page.evaluate("() => { window.pageRecords = [];"
                + " window.elementsAtStart = document.getElementsByTagName('*').length;"
                + " new MutationObserver(rs => rs.forEach(r => { if (r.type === 'childList') window.pageRecords.push(r.target.nodeName); }))"
                + "   .observe(document.documentElement, { childList: true, subtree: true }); }");
        assertEquals("connected", alice.page.evaluate(JOIN, List.of(hubUrl(), "alice")));
        Window bob = join(build, "bob", "");
        bob.page.evaluate("() => { window.heard = 0; document.addEventListener('entangle-mutation', () => window.heard++); }");

        bob.input("#title", "hello from bob");
        alice.waitForValue("#title", "hello from bob");

        // Closed, the panel has added nothing: no element, no child-list change in the page.
        assertEquals(null, alice.page.evaluate("() => document.querySelector('entangle-devtools')"));
        assertEquals(alice.page.evaluate("() => window.elementsAtStart"),
                alice.page.evaluate("() => document.getElementsByTagName('*').length"));
        assertEquals(List.of(), alice.page.evaluate("() => window.pageRecords"));

        // Every interval started from here on, until cleared: the panel's redraw is the only one.
        alice.page.evaluate("() => { window.intervals = new Set(); const set = window.setInterval, clear = window.clearInterval;"
                + " window.setInterval = (f, ms) => { const id = set(f, ms); window.intervals.add(id); return id; };"
                + " window.clearInterval = id => { window.intervals.delete(id); clear(id); }; }");
        alice.page.evaluate("async () => { window.devtools = Entangle.devtools(); await window.devtools.ready; }");
        assertEquals(1, ((Number) alice.page.evaluate("() => window.intervals.size")).intValue());
        waitForRow(alice, "Bindings", "#title");
        assertEquals(List.of("#title | * | bidirectional |  | hello from bob"), rows(alice, "Bindings"));
        assertEquals(List.of("bob"), rows(alice, "Peers"));
        String connection = rows(alice, "Connection").get(0);
        assertTrue(connection.startsWith("connected | " + hubUrl() + " | 0"), connection);
        assertEquals(true, alice.page.evaluate("() => window.devtools.open"));

        // A change in the other window: in alice's flow, coming in, with its latency.
        bob.input("#title", "second");
        waitForRow(alice, "flow", "bob: second");
        String in = rows(alice, "flow").stream().filter(r -> r.contains("bob: second")).findFirst().orElseThrow();
        assertTrue(in.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\| alice \\| \u2193 in \\| property \\| #title value"
                + " \\| bob: second \\| \\d+ ms"), in);
        // And one of alice's own: going out, with the hub's round trip once it answered.
        alice.input("#title", "from alice");
        waitForRow(alice, "flow", "\u21bb");
        String out = rows(alice, "flow").stream().filter(r -> r.contains("from alice")).findFirst().orElseThrow();
        assertTrue(out.matches(".*\\| alice \\| \u2191 out \\| property \\| #title value \\| from alice \\| \u21bb \\d+ ms"),
                out);

        // A hostile value is text in the panel: no element made of it, nothing run.
        bob.input("#title", HOSTILE);
        waitForRow(alice, "Bindings", HOSTILE);
        waitForRow(alice, "flow", "bob: " + HOSTILE);
        alice.page.waitForTimeout(300); // a redraw or two with the value in it
        assertEquals(0, ((Number) alice.page.evaluate(
                "() => document.querySelector('entangle-devtools').shadowRoot.querySelectorAll('img').length")).intValue());
        assertEquals(0, ((Number) alice.page.evaluate("() => document.querySelectorAll('img').length")).intValue());
        assertEquals(false, alice.page.evaluate("() => window.pwned"));

        // The panel is the page's tool, not its content: opening it sent nothing to bob.
        int heard = ((Number) bob.page.evaluate("() => window.heard")).intValue();
        assertEquals(0, ((Number) alice.page.evaluate("() => window.client.pending")).intValue());

        // Closing removes it, and a second handle of the same panel knows.
        alice.page.evaluate("() => { const again = Entangle.devtools(); window.devtools.close(); window.againOpen = again.open; }");
        assertEquals(false, alice.page.evaluate("() => window.againOpen"));
        assertEquals(null, alice.page.evaluate("() => document.querySelector('entangle-devtools')"));
        assertEquals(false, alice.page.evaluate("() => window.devtools.open"));
        assertEquals(0, ((Number) alice.page.evaluate("() => window.intervals.size")).intValue()); // its timer went too
        alice.page.waitForTimeout(200);
        assertEquals(heard, ((Number) bob.page.evaluate("() => window.heard")).intValue());
        assertEquals(false, alice.page.evaluate("() => window.pwned"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void thePanelsCodeIsLoadedOnlyWhenItOpensAndOnlyOnce(Build build) {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Window alice = browser.open(hub, "/lab.html?build=" + build.param());
        alice.page.onRequest(request -> asked.add(request.url()));
        alice.waitUntilReady();
        assertEquals("connected", alice.page.evaluate(JOIN, List.of(hubUrl(), "alice")));
        alice.input("#title", "no panel yet");
        alice.page.waitForTimeout(200);
        assertEquals(List.of(), asked.stream().filter(u -> u.contains("devtools")).toList());

        alice.page.evaluate("async () => { window.devtools = Entangle.devtools(); await window.devtools.ready; }");
        waitForRow(alice, "Bindings", "#title");
        alice.page.evaluate("() => window.devtools.close()");
        alice.page.evaluate("async () => { window.devtools = Entangle.devtools(); await window.devtools.ready; }");
        waitForRow(alice, "Bindings", "#title");
        // Beside the client's own file, fetched once for the page however often the panel opens.
        String beside = "http://127.0.0.1:" + hub.port() + "/entangle-devtools.mjs";
        assertEquals(List.of(beside), asked.stream().filter(u -> u.contains("devtools")).toList());
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aPanelThatCannotBeLoadedSaysWhereItLookedAndLeavesThePageAsItWas(Build build) {
        Window alice = join(build, "alice", "");
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        alice.page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                errors.add(message.text());
            }
        });
        Object outcome = alice.page.evaluate("async () => {"
                + " const handle = Entangle.devtools({ url: '/no-such-devtools.mjs' });"
                + " const openAtOnce = handle.open;"
                + " const message = await handle.ready.then(() => 'loaded', e => e.message);"
                + " return [openAtOnce, message, handle.open, document.querySelector('entangle-devtools') === null]; }");
        List<?> result = (List<?>) outcome;
        assertEquals(true, result.get(0));
        assertTrue(((String) result.get(1)).startsWith("Entangle.devtools: could not load the panel from http://127.0.0.1:"
                + hub.port() + "/no-such-devtools.mjs"), (String) result.get(1));
        assertEquals(false, result.get(2));
        assertEquals(true, result.get(3));
        assertTrue(errors.stream().anyMatch(e -> e.contains("/no-such-devtools.mjs")), errors.toString());
        // A wrong url is the caller's mistake, told at once; the default place still works after.
        assertEquals("TypeError: Entangle.devtools: options.url must be a string or a URL, got number 3",
                alice.page.evaluate("() => { try { Entangle.devtools({ url: 3 }); return 'accepted'; }"
                        + " catch (e) { return e.name + ': ' + e.message; } }"));
        alice.page.evaluate("async () => { window.devtools = Entangle.devtools(); await window.devtools.ready; }");
        waitForRow(alice, "Bindings", "#title");
        alice.page.evaluate("() => window.devtools.close()");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void thePendingOutboxShowsTheChangesTheHubHasNotAcknowledged(Build build) {
        Window alice = browser.open(hub, "/lab.html?build=" + build.param());
        // Between the page and the hub, a network that loses every frame carrying the marker.
        alice.context.routeWebSocket("**/entangle", ws -> {
            WebSocketRoute server = ws.connectToServer();
            ws.onMessage(frame -> {
                if (frame.text() != null && !frame.text().contains("held back")) {
                    server.send(frame.text());
                }
            });
        });
        alice.page.reload(); // a route applies to the pages loaded after it
        alice.waitUntilReady();
        assertEquals("connected", alice.page.evaluate(JOIN, List.of(hubUrl(), "alice")));
        alice.page.evaluate("async () => { window.devtools = Entangle.devtools(); await window.devtools.ready; }");
        alice.input("#title", "held back by the network");
        // The client hands the panel its outbox as it would save it; the panel reads the frames in it.
        waitForRow(alice, "Pending outbox", "held back");
        assertEquals(List.of("#title value | property | held back by the network"), rows(alice, "Pending outbox"));
        assertEquals(1, ((Number) alice.page.evaluate("() => window.client.pending")).intValue());
        alice.page.evaluate("() => window.devtools.close()");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void entangleDevtoolsInTheAddressOpensThePanelAsTheClientStarts(Build build) {
        Window carol = join(build, "carol", "&entangle-devtools");
        waitForRow(carol, "Bindings", "#title");
        assertNotNull(carol.page.evaluate("() => document.querySelector('entangle-devtools')"));
        // Its own close button ends it.
        carol.page.evaluate("() => document.querySelector('entangle-devtools').shadowRoot.querySelector('button.close').click()");
        assertEquals(null, carol.page.evaluate("() => document.querySelector('entangle-devtools')"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void thePanelShowsTextRevisionsAndPendingNamedOperations(Build build) {
        Window alice = join(build, "alice", "");
        alice.page.evaluate("async () => { window.notes = await window.client.text(document.getElementById('notes'),"
                + " { doc: 'dt-notes' });"
                + " window.sync = await Entangle.sync({ room: 'dt', clientId: 'alice-sync', persist: false });"
                + " window.sync.pause();"
                + " window.sync.collection('todo').upsert('t1', { title: 'held while paused' }); }");
        alice.page.evaluate("() => { window.devtools = Entangle.devtools(); }");
        waitForRow(alice, "Text documents", "dt-notes | 0 | 0 | open");
        Window bob = join(build, "bob", "");
        bob.page.evaluate("async () => { const t = await window.client.text(document.getElementById('notes'), { doc: 'dt-notes' });"
                + " const el = document.getElementById('notes'); el.value = 'typed by bob';"
                + " el.dispatchEvent(new Event('input', { bubbles: true })); }");
        alice.waitForValue("#notes", "typed by bob");
        waitForRow(alice, "Text documents", "dt-notes | 1 | 12 | open");
        waitForRow(alice, "Pending named operations", "held while paused");
        String op = rows(alice, "Pending named operations").get(0);
        assertTrue(op.endsWith("| queued"), op);
        waitForRow(alice, "flow", "text edit");
        alice.page.evaluate("() => { window.sync.resume(); }");
        alice.page.waitForFunction("([fn]) => eval(fn)('Pending named operations').length === 0", List.of(TABLE_ROWS));
        alice.page.waitForFunction("() => { const rows = document.querySelector('entangle-devtools').shadowRoot"
                + ".querySelectorAll('[data-table=\"flow\"] tr');"
                + " return Array.from(rows).some(tr => tr.textContent.includes('alice-sync') && tr.textContent.includes('↻')); }");
        alice.page.evaluate("() => window.devtools.close()");
    }

    /**
     * The picture in docs/DEVTOOLS.md: the panel over the demo page while a second window moves
     * the controls. Runs only when asked, e.g.
     * {@code -Ddevtools.screenshot=$PWD/docs/images/devtools.png -Dtest=DevtoolsE2ETest}.
     */
    @Test
    @EnabledIfSystemProperty(named = "devtools.screenshot", matches = ".+")
    void screenshotOfThePanelOverTheDemoPage() throws Exception {
        Window alice = browser.open(hub, "/index.html?build=js&client=alice&room=demo&entangle-devtools");
        alice.page.setViewportSize(1180, 760);
        alice.waitUntilReady();
        Window bob = browser.openDemo(hub, Build.JS, "bob", "demo", "");
        bob.input("#title", "Quarterly review");
        bob.input("#volume", "72");
        bob.page.evaluate("() => document.getElementById('muted').click()");
        alice.waitForValue("#volume", "72");
        alice.input("#volume", "64");
        alice.page.waitForTimeout(600);
        Path file = Paths.get(System.getProperty("devtools.screenshot"));
        Files.createDirectories(file.getParent());
        // Caret left as it is: hiding it sets an inline style on the controls, which is a change they would sync.
        alice.page.screenshot(new Page.ScreenshotOptions().setPath(file).setCaret(ScreenshotCaret.INITIAL));
        assertTrue(Files.size(file) > 0);
    }
}
