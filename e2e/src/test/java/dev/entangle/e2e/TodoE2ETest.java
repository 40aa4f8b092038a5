package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shared todos of the demo site (named operations, optimistic results, the hub's rules, the
 * local store), in two or three windows against the real hub, on both builds.
 */
class TodoE2ETest extends BrowserTest {

    private Window open(Build build, String client, String query) {
        Window window = browser.open(hub, "/todo.html?room=todos&client=" + client + "&build=" + build.param() + query);
        window.waitUntilReady();
        return window;
    }

    private Window online(Build build, String client) {
        Window window = open(build, client, "");
        window.waitForStatus("connected");
        return window;
    }

    private static void add(Window window, String title) {
        window.page.fill("#new-title", title);
        window.page.press("#new-title", "Enter");
    }

    /** The titles the page shows, in its order. */
    @SuppressWarnings("unchecked")
    private static List<String> titles(Window window) {
        return (List<String>) window.page.evaluate(
                "() => [...document.querySelectorAll('#todos li .title')].map(i => i.value)");
    }

    private static void waitForTitles(Window window, List<String> expected) {
        window.page.waitForFunction("expected => JSON.stringify([...document.querySelectorAll('#todos li .title')]"
                + ".map(i => i.value)) === JSON.stringify(expected)", expected);
    }

    private static void waitUntilSettled(Window window) {
        window.page.waitForFunction("() => window.syncClient.pending === 0 && window.syncClient.status === 'online'");
    }

    /** What {@code syncClient.restore(backup)} ends with: 'resolved', or the message it rejects with. */
    private static String restoreOutcome(Window window, String backupExpression) {
        return (String) window.page.evaluate("async () => { try { await syncClient.restore(" + backupExpression
                + "); return 'resolved'; } catch (e) { return e.message; } }");
    }

    private static String state(Window window) {
        return (String) window.page.evaluate("() => JSON.stringify(window.syncClient.state)");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void anEmptyTitleShowsItsRowThenRollsBackWithTheHubsReason(Build build) {
        Window alice = online(build, "alice");
        Window bob = online(build, "bob");
        add(alice, "milk");
        waitForTitles(bob, List.of("milk"));

        alice.page.evaluate("() => window.syncClient.pause()");
        add(alice, "   ");
        add(alice, "bread"); // in the same batch: its delta tells alice the hub handled both
        waitForTitles(alice, List.of("milk", "   ", "bread")); // the optimistic rows
        assertEquals(2, ((Number) alice.page.evaluate("() => window.syncClient.pending")).intValue());
        alice.page.evaluate("() => window.syncClient.resume()");

        waitForTitles(alice, List.of("milk", "bread"));
        alice.page.waitForFunction("() => document.getElementById('refusal').dataset.code === 'mutation_refused'");
        String reason = alice.page.textContent("#refusal");
        assertTrue(reason.contains("addTodo") && reason.contains("a todo needs a title"), reason);
        waitUntilSettled(alice);
        waitForTitles(bob, List.of("milk", "bread"));
        assertEquals(List.of("milk", "bread"), titles(bob), "the refused row never reached bob");
        assertEquals(state(alice), state(bob));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void concurrentChangesToTheSameTodoEndIdenticalInBothWindows(Build build) {
        Window alice = online(build, "alice");
        Window bob = online(build, "bob");
        add(alice, "milk");
        waitForTitles(bob, List.of("milk"));
        String id = (String) bob.page.evaluate("() => document.querySelector('#todos li').dataset.id");

        // At the same moment: alice adds a todo and renames milk; bob completes milk and adds his own.
        alice.page.evaluate("id => { syncClient.mutate('addTodo', { id: 'a-eggs', title: 'eggs' });"
                + " syncClient.mutate('renameTodo', { id, title: 'oat milk' }); }", id);
        bob.page.evaluate("id => { syncClient.mutate('toggleTodo', { id, done: true });"
                + " syncClient.mutate('addTodo', { id: 'b-bread', title: 'bread' }); }", id);

        waitUntilSettled(alice);
        waitUntilSettled(bob);
        alice.page.waitForFunction("() => syncClient.collection('todo').size === 3");
        bob.page.waitForFunction("() => syncClient.collection('todo').size === 3");
        assertEquals(state(alice), state(bob));
        assertEquals(titles(alice), titles(bob));
        assertEquals("oat milk", alice.page.evaluate("id => syncClient.collection('todo').findById(id).title", id));
        assertEquals(true, bob.page.evaluate("id => syncClient.collection('todo').findById(id).done", id));
        assertEquals("[1,2,3]", alice.page.evaluate(
                "() => JSON.stringify(syncClient.collection('todo').orderBy('order').map(t => t.order))"),
                "orders stay distinct: the hub's result replaced each optimistic one");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void reorderingCompletingAndDeletingReachTheOtherWindow(Build build) {
        Window alice = online(build, "alice");
        Window bob = online(build, "bob");
        for (String title : List.of("one", "two", "three")) {
            add(alice, title);
        }
        waitForTitles(bob, List.of("one", "two", "three"));
        bob.page.click("#todos li:nth-child(3) .up"); // three above two
        waitForTitles(alice, List.of("one", "three", "two"));
        alice.page.click("#todos li:nth-child(1) .toggle");
        bob.page.waitForFunction("() => document.querySelector('#todos li:nth-child(1) .toggle').checked");
        bob.page.click("#todos li:nth-child(2) .delete");
        waitForTitles(alice, List.of("one", "two"));
        waitUntilSettled(alice);
        waitUntilSettled(bob);
        assertEquals(state(alice), state(bob));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void todosAddedOfflineSurviveAReloadAndArriveOnce(Build build) {
        Window alice = online(build, "alice");
        Window bob = online(build, "bob");
        add(alice, "before");
        waitForTitles(bob, List.of("before"));

        OfflineNetwork network = new OfflineNetwork(alice.context);
        network.goOffline();
        hub.disconnect("alice-sync"); // the socket drops, as a lost network does
        alice.waitForStatus("disconnected");
        for (String title : List.of("one", "two", "three")) {
            add(alice, title);
        }
        waitForTitles(alice, List.of("before", "one", "two", "three"));
        alice.page.waitForTimeout(300); // the local store is written in the task after each change

        alice.page.reload(); // still offline: the page from the cache, the todos from IndexedDB
        alice.waitUntilReady();
        waitForTitles(alice, List.of("before", "one", "two", "three"));
        assertEquals(3, ((Number) alice.page.evaluate("() => syncClient.pending")).intValue(),
                "the reopened app shows its unsent operations");
        assertEquals(List.of("before"), titles(bob));

        network.goOnline();
        waitForTitles(bob, List.of("before", "one", "two", "three"));
        alice.page.waitForFunction("() => syncClient.pending === 0");
        alice.page.waitForTimeout(500);
        assertEquals(List.of("before", "one", "two", "three"), titles(bob), "each exactly once");
        assertEquals(state(alice), state(bob));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aPageWithoutWebSocketsFallsBackToHttpAndServerSentEvents(Build build) {
        Window bob = online(build, "bob");
        Window alice = browser.open(hub, "/todo.html?room=todos&client=alice&build=" + build.param());
        alice.context.routeWebSocket("**/entangle", ws -> ws.close()); // a proxy that lets no WebSocket through
        alice.page.reload();
        alice.waitUntilReady();
        alice.waitForStatus("connected");
        assertEquals("http", alice.page.evaluate("() => syncClient.transport"));
        add(alice, "from http");
        waitForTitles(bob, List.of("from http"));
        add(bob, "from websocket");
        waitForTitles(alice, List.of("from http", "from websocket"));
        waitUntilSettled(alice);
        waitUntilSettled(bob);
        assertEquals(state(alice), state(bob));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aBackupRestoresTheLocalStoreInAnotherBrowser(Build build) {
        Window alice = online(build, "alice");
        add(alice, "keep me");
        waitUntilSettled(alice);
        String backup = (String) alice.page.evaluate("async () => await syncClient.backup().text()");
        alice.page.evaluate("() => syncClient.pause()");
        add(alice, "unsent");
        String withPending = (String) alice.page.evaluate("async () => await syncClient.backup().text()");

        Window carol = online(build, "carol");
        waitForTitles(carol, List.of("keep me"));
        carol.page.evaluate("async text => { syncClient.pause(); await syncClient.restore(text); }", withPending);
        waitForTitles(carol, List.of("keep me", "unsent"));
        assertEquals(1, ((Number) carol.page.evaluate("() => syncClient.getQueuedChanges().length")).intValue());
        carol.page.evaluate("() => syncClient.resume()");
        carol.page.waitForFunction("() => syncClient.pending === 0");
        assertTrue(backup.contains("keep me"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void restoreReadsABackupBlobAndRejectsWhatIsNoBackup(Build build) {
        Window alice = online(build, "alice");
        add(alice, "in the blob");
        waitUntilSettled(alice);
        alice.page.evaluate("async () => await syncClient.restore(syncClient.backup())");
        waitUntilSettled(alice);
        waitForTitles(alice, List.of("in the blob"));

        String notJson = restoreOutcome(alice, "'not a backup'");
        assertTrue(notJson.startsWith("client.restore: not a backup of Entangle: "), notJson);
        // A Blob that cannot be read rejects with the read's error (it used to leave the promise pending).
        String unreadable = restoreOutcome(alice, "{ text: () => Promise.reject(new Error('the file is gone')) }");
        assertEquals("the file is gone", unreadable);
        waitForTitles(alice, List.of("in the blob"));
    }
}
