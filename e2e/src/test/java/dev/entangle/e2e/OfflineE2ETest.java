package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Route;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A window goes offline, keeps typing and moving a slider, reloads while still offline, and comes
 * back: its changes were kept in the outbox across the reload and reach the other window exactly
 * once; the page saw {@code unsynced}, {@code client.pending}, then {@code synced}.
 */
class OfflineE2ETest extends BrowserTest {

    /** Joins without waiting: offline, Entangle.connect resolves only once the hub is reachable again. */
    private static final String JOIN = """
            id => {
              const status = document.createElement('span');
              status.id = 'status';
              status.dataset.status = 'connecting';
              document.body.appendChild(status);
              window.events = [];
              window.joined = Entangle.connect({ clientId: id, room: 'offline' }).then(async client => {
                window.client = client;
                status.dataset.status = client.status;
                client.on('status', s => { status.dataset.status = s; });
                client.on('unsynced', e => window.events.push('unsynced ' + e.pending));
                client.on('synced', e => window.events.push('synced ' + e.pending));
                await client.entangle(document.getElementById('volume'), { to: '*' });
                await client.text(document.getElementById('notes'), { doc: 'notes' });
                document.body.dataset.bound = 'true';
              });
            }""";

    /**
     * Takes a window's context offline: no HTTP (the browser's own offline mode) and no WebSocket
     * to the hub (Chromium's offline mode leaves WebSockets alone, so they are refused by a route).
     * Pages still load from the test's files, as they would from a service worker's cache.
     */
    private static final class Network {
        private final AtomicBoolean offline = new AtomicBoolean();
        private final BrowserContext context;

        Network(BrowserContext context) {
            context.routeWebSocket("**/entangle", ws -> {
                if (offline.get()) {
                    ws.close();
                } else {
                    ws.connectToServer();
                }
            });
            context.route("**/*", route -> {
                if (offline.get()) {
                    serveFromDisk(route);
                } else {
                    route.resume();
                }
            });
            this.context = context;
        }

        void goOffline() {
            offline.set(true);
            context.setOffline(true);
        }

        void goOnline() {
            context.setOffline(false);
            offline.set(false);
        }
    }

    private static void serveFromDisk(Route route) {
        String path = URI.create(route.request().url()).getPath();
        for (Path directory : BrowserHarness.servedDirectories()) {
            Path file = directory.resolve(path.substring(1)).normalize();
            if (file.startsWith(directory) && Files.isRegularFile(file)) {
                try {
                    route.fulfill(new Route.FulfillOptions().setBodyBytes(Files.readAllBytes(file))
                            .setContentType(contentType(file)));
                } catch (IOException e) {
                    route.abort();
                }
                return;
            }
        }
        route.abort("internetdisconnected");
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".wasm")) {
            return "application/wasm";
        }
        return name.endsWith(".js") || name.endsWith(".mjs") ? "text/javascript" : "application/octet-stream";
    }

    private Window join(Build build, String clientId) {
        Window window = browser.open(hub, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        window.page.evaluate(JOIN, clientId);
        window.waitForStatus("connected");
        window.page.waitForFunction("() => document.body.dataset.bound === 'true'");
        return window;
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void changesMadeOfflineSurviveAReloadAndArriveOnce(Build build) {
        Window alice = join(build, "alice");
        Window bob = join(build, "bob");
        Network network = new Network(alice.context);
        alice.page.evaluate(SharedText.TYPE_AT_END, "a0 ");
        bob.page.waitForFunction("() => document.getElementById('notes').value === 'a0 '");

        network.goOffline();
        hub.disconnect("alice"); // the socket drops, as a lost network does; reconnecting fails while offline
        alice.waitForStatus("disconnected");
        for (int i = 1; i <= 5; i++) {
            alice.page.evaluate(SharedText.TYPE_AT_END, "a" + i + " ");
            bob.page.evaluate(SharedText.TYPE_AT_END, "b" + i + " ");
        }
        alice.input("#volume", "700");
        assertTrue(((Number) alice.page.evaluate("() => client.pending")).intValue() >= 2,
                "a value and a text are pending");
        assertTrue(alice.page.evaluate("() => window.events.join()").toString().contains("unsynced"));

        alice.page.reload(); // still offline: the page comes from the cache, the outbox from localStorage
        alice.waitUntilReady();
        alice.page.evaluate(JOIN, "alice");
        alice.page.waitForTimeout(500);
        assertEquals("connecting", alice.page.evaluate("() => document.getElementById('status').dataset.status"));
        bob.page.evaluate(SharedText.TYPE_AT_END, "b6 ");

        network.goOnline();
        alice.waitForStatus("connected");
        alice.page.waitForFunction("() => document.body.dataset.bound === 'true'");
        alice.page.waitForFunction("() => client.pending === 0");
        bob.waitForValue("#volume", "700");
        alice.waitForValue("#volume", "700");
        String text = SharedText.converged(alice, bob);
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4", "a5"), SharedText.wordsOf(text, "a"), "alice's words once each: " + text);
        assertEquals(List.of("b1", "b2", "b3", "b4", "b5", "b6"), SharedText.wordsOf(text, "b"), "bob's words once each: " + text);
        assertTrue(alice.page.evaluate("() => window.events.join()").toString().endsWith("synced 0"),
                "the reloaded page heard that everything arrived");
        assertEquals(null, alice.page.evaluate("() => localStorage.getItem('entangle:outbox:offline:alice')"),
                "an empty outbox leaves nothing in storage");
    }
}
