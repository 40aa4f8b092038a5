package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        OfflineNetwork network = new OfflineNetwork(alice.context);
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
