package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.entangle.hub.EntangleHub;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a page (or a component mounting and unmounting) can rely on: one live connection per client
 * id without ping-pong, cancellation by AbortSignal, nothing retrying after close, and a debug log.
 * Both builds.
 */
class LifecycleE2ETest extends BrowserTest {
    /** Long enough for several reconnect attempts (the first delays are 125-250, 250-500, 500-1000 ms). */
    private static final int RETRY_WINDOW_MS = 2_500;

    private static final String CONNECT = "async ([id, room]) => { window.errors = []; window.statuses = [];"
            + " const c = await Entangle.connect({ clientId: id, room });"
            + " c.on('error', e => errors.push(e.code)); c.on('status', s => statuses.push(s));"
            + " window.client = c; await c.entangle(document.getElementById('title'), { to: '*' }); return c.status; }";

    /** Counts the WebSockets a window opens from now on. */
    private static AtomicInteger countSockets(Page page) {
        AtomicInteger opened = new AtomicInteger();
        page.onWebSocket(socket -> opened.incrementAndGet());
        return opened;
    }

    private Window lab(Build build) {
        Window window = browser.open(hub, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        return window;
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aSecondWindowWithTheSameClientIdTakesOverAndTheFirstStopsForGood(Build build) {
        Window first = lab(build);
        Window second = lab(build);
        Window carol = lab(build);
        AtomicInteger firstSockets = countSockets(first.page);
        AtomicInteger secondSockets = countSockets(second.page);
        assertEquals("connected", first.page.evaluate(CONNECT, List.of("alice", "twice")));
        assertEquals("connected", second.page.evaluate(CONNECT, List.of("alice", "twice")));
        carol.page.evaluate(CONNECT, List.of("carol", "twice"));

        first.page.waitForFunction("() => client.status === 'replaced'");
        assertEquals(List.of("replaced"), first.page.evaluate("() => errors"));
        first.page.waitForTimeout(RETRY_WINDOW_MS);
        assertEquals(1, firstSockets.get(), "the replaced window does not come back");
        assertEquals(1, secondSockets.get(), "the newer window is never pushed out");
        assertEquals("connected", second.page.evaluate("() => client.status"));
        assertEquals(List.of(), second.page.evaluate("() => errors"));

        second.page.locator("#title").fill("still in step");
        carol.waitForValue("#title", "still in step");
        assertEquals("original", first.value("#title"), "the replaced window's binding ended");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void twoClientsWithOneIdInOnePageSettleOnTheNewest(Build build) {
        // What React's StrictMode does to a component that connects on mount and forgets to close.
        Window window = lab(build);
        AtomicInteger sockets = countSockets(window.page);
        Object statuses = window.page.evaluate("async () => {"
                + " const a = await Entangle.connect({ clientId: 'dup', room: 'strict' });"
                + " const codes = []; a.on('error', e => codes.push(e.code));"
                + " const b = await Entangle.connect({ clientId: 'dup', room: 'strict' });"
                + " await new Promise(r => setTimeout(r, " + RETRY_WINDOW_MS + "));"
                + " return [a.status, b.status, codes.join()]; }");
        assertEquals(List.of("replaced", "connected", "replaced"), statuses);
        assertEquals(2, sockets.get());
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void abortingAConnectThatCannotReachTheHubStopsItsRetries(Build build) throws IOException {
        Window window = lab(build);
        AtomicInteger sockets = countSockets(window.page);
        window.page.evaluate("port => { window.controller = new AbortController();"
                + " window.outcome = Entangle.connect({ url: 'ws://127.0.0.1:' + port + '/entangle', clientId: 'x',"
                + " signal: controller.signal }).then(() => 'resolved', e => e.name + ': ' + e.message); }", deadPort());
        window.page.waitForCondition(() -> sockets.get() >= 2); // it is retrying
        window.page.evaluate("() => controller.abort()");
        assertEquals("AbortError: signal is aborted without reason", window.page.evaluate("() => outcome"),
                "rejected with the signal's own reason");
        int atAbort = sockets.get();
        window.page.waitForTimeout(RETRY_WINDOW_MS);
        assertEquals(atAbort, sockets.get(), "no attempt after the abort");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void closingAClientWhoseHubWentAwayStopsItsRetries(Build build) {
        EntangleHub doomed = BrowserHarness.startHub();
        Window window = lab(build);
        AtomicInteger sockets = countSockets(window.page);
        window.page.evaluate("async port => { window.client = await Entangle.connect({"
                + " url: 'ws://127.0.0.1:' + port + '/entangle', clientId: 'y' }); }", doomed.port());
        doomed.stop();
        window.page.waitForCondition(() -> sockets.get() >= 3); // reconnecting to nothing
        window.page.evaluate("() => client.close()");
        int atClose = sockets.get();
        window.page.waitForTimeout(RETRY_WINDOW_MS);
        assertEquals(atClose, sockets.get(), "no attempt after close()");
        assertEquals("disconnected", window.page.evaluate("() => client.status"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aSignalCancelsABindingAndLaterClosesItsClient(Build build) {
        Window window = lab(build);
        Window peer = lab(build);
        peer.page.evaluate(CONNECT, List.of("peer", "signals"));
        Object outcome = window.page.evaluate("async () => {"
                + " const connection = new AbortController();"
                + " const c = await Entangle.connect({ clientId: 'me', room: 'signals', signal: connection.signal });"
                + " window.connection = connection; window.client = c;"
                + " const title = document.getElementById('title');"
                + " const early = await c.entangle(title, { signal: AbortSignal.abort() }).then(() => 'bound', e => e.name);"
                + " const binding = new AbortController();"
                + " const link = await c.entangle(title, { signal: binding.signal });"
                + " binding.abort();"
                + " const again = await c.entangle(title);"
                + " return [early, link.active, again.active]; }");
        assertEquals(List.of("AbortError", false, true), outcome, "an aborted binding leaves nothing bound");
        window.page.locator("#title").fill("bound once");
        peer.waitForValue("#title", "bound once");

        window.page.evaluate("() => connection.abort()");
        assertEquals("disconnected", window.page.evaluate("() => client.status"));
        window.page.locator("#title").fill("after the abort");
        peer.page.locator("#title").fill("the peer's own");
        window.page.waitForTimeout(500);
        assertEquals("after the abort", window.value("#title"), "nothing flows in after the client closed");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void debugLogsTheTrafficBothWays(Build build) {
        Window window = lab(build);
        List<String> lines = new CopyOnWriteArrayList<>();
        window.page.onConsoleMessage(message -> lines.add(message.text()));
        window.page.evaluate("async () => { const c = await Entangle.connect({ clientId: 'loud', room: 'dbg', debug: true });"
                + " await c.entangle(document.getElementById('title')); c.close(); }");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[entangle loud@dbg] \u2192 {\"type\":\"hello\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[entangle loud@dbg] \u2190 {\"type\":\"welcome\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[entangle loud@dbg] \u2192 {\"type\":\"entangle\"")), lines.toString());
        int quiet = lines.size();
        window.page.evaluate("async () => { const c = await Entangle.connect({ clientId: 'quiet', room: 'dbg' }); c.close(); }");
        assertEquals(quiet, lines.size(), "without debug the client logs nothing");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aSyncClientIsCancelledAndClosedByItsSignal(Build build) {
        Window window = lab(build);
        AtomicInteger sockets = countSockets(window.page);
        Object outcome = window.page.evaluate("async () => {"
                + " const early = await Entangle.sync({ room: 's', persist: false, signal: AbortSignal.abort() })"
                + "   .then(() => 'started', e => e.name);"
                + " const controller = new AbortController();"
                + " const s = await Entangle.sync({ room: 's', persist: false, signal: controller.signal });"
                + " if (typeof s.on !== 'function') throw new Error('client.on is hidden: ' + typeof s.on);"
                + " await new Promise(r => { if (s.status === 'online') r(); else s.on('status', st => st === 'online' && r()); });"
                + " controller.abort();"
                + " return [early, s.status]; }");
        assertEquals(List.of("AbortError", "closed"), outcome);
        int atAbort = sockets.get();
        window.page.waitForTimeout(1_000);
        assertEquals(1, atAbort);
        assertEquals(atAbort, sockets.get());
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void everyMethodOfTheApiIsAFunctionOnItsObject(Build build) {
        // TeaVM's minifier may give a Java field the name of an exported method, which then hides it.
        Window window = lab(build);
        Object hidden = window.page.evaluate("async () => {"
                + " const hidden = [];"
                + " const check = (what, o, names) => names.forEach(n => { if (typeof o[n] !== 'function') hidden.push(what + '.' + n + ': ' + typeof o[n]); });"
                + " check('Entangle', Entangle, ['connect', 'sync', 'registerTransform', 'devtools']);"
                + " check('devtools', Entangle.devtools(), ['close']); Entangle.devtools().close();"
                + " const c = await Entangle.connect({ clientId: 'shape', room: 'shape' });"
                + " check('client', c, ['on', 'entangle', 'mesh', 'text', 'close']);"
                + " const link = await c.entangle(document.getElementById('title'), { ownership: true });"
                + " check('link', link, ['disentangle']);"
                + " check('ownership', link.ownership, ['request', 'release', 'transfer']);"
                + " const text = await c.text(document.getElementById('notes'), { doc: 'shape' });"
                + " check('text', text, ['undo', 'redo', 'close']);"
                + " const s = await Entangle.sync({ room: 'shape', persist: false });"
                + " check('sync', s, ['mutate', 'register', 'collection', 'onStateChange', 'onApplyDelta', 'onRollback', 'on',"
                + "   'pause', 'resume', 'destroy', 'close', 'backup', 'restore']);"
                + " check('collection', s.collection('todo'), ['upsert', 'delete', 'findById', 'all', 'where', 'orderBy', 'subscribe']);"
                + " s.close(); c.close(); return hidden; }");
        assertEquals(List.of(), hidden);
    }

    /** A port nothing listens on. */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
