package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The workspace page (workspace.html) in three windows, one of them a phone with touch: statuses,
 * typing and pointers reach the others; a window that vanishes without goodbye leaves the others'
 * lists within two heartbeats (the test hub's heartbeat is 1 s); chat — send, edit, delete,
 * reactions, search, export, unread — survives reloads without doubles; nothing a peer sends
 * becomes markup. On the JS and the Wasm build.
 */
class WorkspaceE2ETest extends BrowserTest {
    private static final long HEARTBEAT_MS = 1_000;

    private Window desk(Build build, String clientId, String name) {
        Window window = browser.open(hub, path(build, clientId, name));
        window.waitUntilReady();
        return window;
    }

    private Window phone(Build build, String clientId, String name) {
        Window window = browser.phone(hub, path(build, clientId, name));
        window.waitUntilReady();
        return window;
    }

    private static String path(Build build, String clientId, String name) {
        return "/workspace.html?build=" + build.param() + "&client=" + clientId + "&name=" + name + "&room=ws";
    }

    private static void waitForPerson(Window window, String clientId, String attribute, String value) {
        window.page.waitForFunction("([id, attribute, value]) => { const li = document.querySelector("
                + "'#people li[data-client=\"' + id + '\"]'); return li !== null && li.dataset[attribute] === value; }",
                new Object[] {clientId, attribute, value});
    }

    private static void waitForPeople(Window window, int count) {
        window.page.waitForFunction("n => document.querySelectorAll('#people li').length === n", count);
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void statusesTypingAndPointersReachTheOthersIncludingAPhone(Build build) {
        Window alice = desk(build, "alice", "Alice");
        Window bob = desk(build, "bob", "Bob");
        Window carol = phone(build, "carol", "Carol");
        for (Window w : List.of(alice, bob, carol)) {
            waitForPeople(w, 3);
        }
        assertEquals("Carol", alice.page.locator("#people li[data-client='carol'] .name").textContent());

        bob.page.selectOption("#my-status", "running");
        waitForPerson(alice, "bob", "status", "running");
        waitForPerson(carol, "bob", "status", "running");

        carol.page.locator("#code").tap();
        carol.page.keyboard().type("let x = 1;");
        waitForPerson(alice, "carol", "typing", "true");
        alice.waitForValue("#code", "let x = 1;");
        assertTrue(alice.page.locator("#typing").textContent().contains("Carol is typing"));
        waitForPerson(alice, "carol", "typing", "false"); // by itself, ~3 s after the last key

        BoundingBox board = alice.page.locator("#board").boundingBox();
        alice.page.mouse().move(board.x + board.width * 0.25, board.y + board.height * 0.5);
        alice.page.mouse().move(board.x + board.width * 0.5, board.y + board.height * 0.5, new com.microsoft.playwright
                .Mouse.MoveOptions().setSteps(5));
        String pointer = "#board .entangle-cursor[data-client='alice']";
        bob.page.locator(pointer).waitFor();
        assertEquals("Alice", bob.page.locator(pointer + " .entangle-cursor-label").textContent());
        // Fractions of the board: the phone's narrower board shows it at its own middle.
        carol.page.waitForFunction("sel => { const el = document.querySelector(sel);"
                + " const board = document.getElementById('board');"
                + " const m = /translate\\(([-\\d.]+)px/.exec(el ? el.style.transform : '');"
                + " return m !== null && Math.abs(Number(m[1]) - board.scrollWidth / 2) < 2; }", pointer);

        // A tap is a pointer for a moment: down, then leave once the finger lifts (no hover on touch).
        // Alice's page may draw and hide it within one frame, so what is checked is that the
        // position reached her client, and that her board made carol's pointer.
        alice.page.evaluate("() => { window.carolPointer = null; workspace.client.on('cursor', e => {"
                + " if (e.clientId === 'carol' && e.cursor) window.carolPointer = e.cursor; }); }");
        BoundingBox small = carol.page.locator("#board").boundingBox();
        carol.page.touchscreen().tap(small.x + small.width * 0.9, small.y + small.height * 0.1);
        alice.page.waitForFunction("() => window.carolPointer !== null && window.carolPointer.area === 'board'"
                + " && window.carolPointer.x > 0.05 && window.carolPointer.x <= 1"
                + " && window.carolPointer.y > 0 && window.carolPointer.y < 0.5");
        alice.page.locator("#board .entangle-cursor[data-client='carol']").waitFor(new Locator.WaitForOptions()
                .setState(WaitForSelectorState.ATTACHED));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void anIdleOrHiddenWindowShowsAwayAndComesBackWithTheNextInput(Build build) {
        Window alice = desk(build, "alice", "Alice");
        Window bob = browser.open(hub, path(build, "bob", "Bob") + "&awayAfterMs=1500");
        bob.waitUntilReady();
        bob.page.selectOption("#my-status", "editing");
        waitForPerson(alice, "bob", "status", "editing");
        waitForPerson(alice, "bob", "status", "away"); // 1.5 s without input
        bob.page.mouse().move(40, 40);
        bob.page.mouse().move(60, 60);
        waitForPerson(alice, "bob", "status", "editing"); // the status from before
        bob.page.evaluate("() => { Object.defineProperty(document, 'hidden', { value: true, configurable: true });"
                + " document.dispatchEvent(new Event('visibilitychange')); }");
        waitForPerson(alice, "bob", "status", "away");
        bob.page.evaluate("() => { Object.defineProperty(document, 'hidden', { value: false, configurable: true });"
                + " document.dispatchEvent(new Event('visibilitychange')); }");
        waitForPerson(alice, "bob", "status", "editing");
        long lastActive = ((Number) alice.page.evaluate(
                "() => workspace.client.presence.others.find(m => m.clientId === 'bob').lastActive")).longValue();
        assertTrue(lastActive > 0, "lastActive is the hub's time of bob's last input");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aWindowThatVanishesWithoutGoodbyeLeavesTheOthersListsWithinTwoHeartbeats(Build build) {
        Window alice = desk(build, "alice", "Alice");
        Window bob = desk(build, "bob", "Bob");
        Window carol = phone(build, "carol", "Carol");
        waitForPeople(alice, 3);

        // A network cut with no reset: nothing bob's page sends arrives any more (no pings), its socket stays open.
        bob.page.evaluate("() => { WebSocket.prototype.send = function () { }; }");
        long frozen = System.nanoTime();
        alice.page.waitForFunction("() => document.querySelector(\"#people li[data-client='bob']\") === null",
                null, new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(2 * HEARTBEAT_MS + 3_000));
        long silentGoneMs = (System.nanoTime() - frozen) / 1_000_000;
        // Measured from the freeze; the bound counts from the last ping before it, up to a heartbeat earlier.
        assertTrue(silentGoneMs <= 2 * HEARTBEAT_MS + 1_000, "bob gone after " + silentGoneMs + " ms");

        // A tab killed: its context closes without a word from the page.
        carol.context.close();
        long killed = System.nanoTime();
        alice.page.waitForFunction("() => document.querySelector(\"#people li[data-client='carol']\") === null",
                null, new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(2 * HEARTBEAT_MS + 3_000));
        long killedGoneMs = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(killedGoneMs <= 2 * HEARTBEAT_MS + 1_000, "carol gone after " + killedGoneMs + " ms");
        waitForPeople(alice, 1);
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aReloadWithinTheTimeoutIsSeenAsNoLeaveAndNoJoin(Build build) {
        Window alice = desk(build, "alice", "Alice");
        Window bob = desk(build, "bob", "Bob");
        waitForPeople(alice, 2);
        alice.page.evaluate("() => { window.seen = []; workspace.client.on('presence', others =>"
                + " window.seen.push(others.map(m => m.clientId).join(','))); }");
        bob.page.reload();
        bob.waitUntilReady();
        waitForPeople(bob, 2);
        alice.page.waitForTimeout(2 * HEARTBEAT_MS + 500);
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) alice.page.evaluate("() => window.seen");
        assertFalse(seen.contains(""), "bob never left alice's list: " + seen);
        assertEquals(1, alice.page.locator("#people li[data-client='bob']").count());
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void chatSendEditReactDeleteSearchExportAndUnreadCounts(Build build) {
        Window alice = desk(build, "alice", "Alice");
        Window carol = phone(build, "carol", "Carol"); // its chat panel starts collapsed: messages stay unread
        waitForPeople(alice, 2);

        alice.page.locator("#chat-input").fill("Résumé <b>ready</b>, café?");
        alice.page.locator("#chat-send").click();
        carol.page.waitForFunction("() => document.getElementById('unread').textContent === '1'");
        assertTrue(carol.page.locator("#unread").isVisible(), "the badge shows on the collapsed panel");
        String id = (String) alice.page.evaluate("() => workspace.chat.messages[0].id");

        alice.page.locator("#messages li[data-id='" + id + "'] button.edit").click();
        alice.page.locator("#messages li[data-id='" + id + "'] .edit-form input").fill("Résumé <b>ready</b>, café!");
        alice.page.locator("#messages li[data-id='" + id + "'] .edit-form input").press("Enter");
        carol.page.waitForFunction("id => workspace.chat.messages.some(m => m.id === id && m.text.endsWith('!')"
                + " && m.edited > 0)", id);

        carol.page.locator("#chat-panel summary").tap(); // opening the chat reads it
        carol.page.waitForFunction("() => document.getElementById('unread').hidden");
        alice.page.waitForFunction("() => workspace.chat.reads.carol > 0");
        carol.page.locator("#messages li[data-id='" + id + "'] button[data-emoji='👍']").tap();
        alice.page.waitForFunction("id => document.querySelector(\"#messages li[data-id='\" + id + \"']"
                + " button[data-emoji='👍']\").textContent === '👍 1'", id);

        // Nothing a peer sent is markup: the <b> is text in both windows.
        for (Window w : List.of(alice, carol)) {
            assertEquals(0, w.page.locator("#messages b").count());
            assertEquals("Résumé <b>ready</b>, café!", w.page.locator("#messages li[data-id='" + id + "'] .text").textContent());
        }

        carol.page.locator("#chat-input").fill("the cafe opens at nine");
        carol.page.locator("#chat-send").tap();
        alice.page.waitForFunction("() => workspace.chat.messages.length === 2 && !workspace.chat.messages[1].pending");
        alice.page.locator("#search").fill("CAFE");
        alice.page.locator("#search-form button").click();
        alice.page.waitForFunction("() => document.querySelectorAll('#found li').length === 2");
        alice.page.locator("#search").fill("résume");
        alice.page.locator("#search-form button").click();
        alice.page.waitForFunction("() => document.querySelectorAll('#found li').length === 1");

        String csv = fetch(alice, "#export-csv");
        assertTrue(csv.startsWith("n,id,at,author,name,text,edited,reactions"), csv);
        assertTrue(csv.contains("\"Résumé <b>ready</b>, café!\""), "a field with a comma is quoted: " + csv);
        assertTrue(csv.contains("👍 1"), csv);
        assertTrue(fetch(alice, "#export-txt").contains("Carol (carol): the cafe opens at nine"));
        assertTrue(fetch(alice, "#export-json").startsWith("["));

        alice.page.locator("#messages li[data-id='" + id + "'] button.delete").click();
        carol.page.waitForFunction("id => !workspace.chat.messages.some(m => m.id === id)", id);
        assertEquals(1, carol.page.locator("#messages li").count());
    }

    private static String fetch(Window window, String link) {
        return (String) window.page.evaluate("sel => fetch(document.querySelector(sel).href).then(r => r.text())", link);
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aReloadKeepsTheHistoryAndAMessageSentOfflineArrivesOnce(Build build) {
        Window alice = desk(build, "alice", "Alice");
        Window bob = desk(build, "bob", "Bob");
        waitForPeople(alice, 2);
        for (String text : List.of("one", "two", "three")) {
            alice.page.evaluate("t => workspace.chat.send(t)", text);
        }
        bob.page.waitForFunction("() => workspace.chat.messages.filter(m => !m.pending).length === 3");
        bob.page.reload();
        bob.waitUntilReady();
        bob.page.waitForFunction("() => document.querySelectorAll('#messages li').length === 3");

        alice.context.setOffline(true);
        hub.disconnect("alice");
        alice.waitForStatus("disconnected");
        alice.page.locator("#chat-input").fill("sent while offline");
        alice.page.locator("#chat-send").click();
        assertEquals("true", alice.page.locator("#messages li").last().getAttribute("data-pending"));
        alice.context.setOffline(false);
        alice.waitForStatus("connected");
        bob.page.waitForFunction("() => workspace.chat.messages.length === 4");
        alice.page.waitForFunction("() => workspace.chat.messages.length === 4 && !workspace.chat.messages[3].pending");
        bob.page.waitForTimeout(500);
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) bob.page.evaluate("() => workspace.chat.messages.map(m => m.text)");
        assertEquals(List.of("one", "two", "three", "sent while offline"), texts);
        String json = fetch(bob, "#export-json");
        assertEquals(1, json.split("sent while offline", -1).length - 1, "the hub keeps it once: " + json);
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void theActivityStreamShowsJoinsEditsRunsAndChat(Build build) {
        Window alice = desk(build, "alice", "Alice");
        Window bob = desk(build, "bob", "Bob");
        waitForPeople(alice, 2);
        bob.page.locator("#code").click();
        bob.page.keyboard().type("print(1)");
        alice.waitForValue("#code", "print(1)");
        bob.page.locator("#run").click();
        bob.page.evaluate("() => workspace.chat.send('done')");
        alice.page.waitForFunction("() => ['join', 'edit', 'run', 'chat'].every(t =>"
                + " document.querySelector('#activity li[data-type=\"' + t + '\"]') !== null)");
        assertEquals(1, alice.page.locator("#activity li[data-type='edit']").count(), "a burst of keys is one entry");
        assertTrue(alice.page.locator("#activity li[data-type='run']").textContent().contains("Bob ran the code"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aHostileClientCannotEditOthersMessagesForgePresenceOrInjectMarkup(Build build) {
        Window alice = desk(build, "alice", "Alice");
        alice.page.evaluate("() => workspace.chat.send('mine')");
        alice.page.waitForFunction("() => workspace.chat.messages.length === 1 && !workspace.chat.messages[0].pending");
        String id = (String) alice.page.evaluate("() => workspace.chat.messages[0].id");

        Window mallory = browser.open(hub, "/lab.html?build=" + build.param());
        mallory.waitUntilReady();
        @SuppressWarnings("unchecked")
        Map<String, Object> answers = (Map<String, Object>) mallory.page.evaluate(HOSTILE, new Object[] {
                "ws://127.0.0.1:" + hub.port() + "/entangle", id});
        assertEquals("not_author", answers.get("edit"));
        assertEquals("not_author", answers.get("delete"));
        assertEquals("invalid_field", answers.get("forged"));

        String evil = "#people li[data-client='mallory']";
        alice.page.locator(evil).waitFor();
        alice.page.waitForFunction("() => workspace.chat.messages.length === 2");
        alice.page.locator("#board .entangle-cursor[data-client='mallory']").waitFor(
                new com.microsoft.playwright.Locator.WaitForOptions().setState(
                        com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        alice.page.waitForTimeout(300);
        assertNull(alice.page.evaluate("() => window.pwned"), "no script of mallory's ran");
        assertEquals(0, alice.page.locator("img").count(), "no markup of mallory's became an element");
        assertEquals("<img src=x onerror=window.pwned=1>", alice.page.locator(evil + " .name").textContent());
        assertEquals("mine", alice.page.evaluate("() => workspace.chat.messages[0].text"));
        assertEquals(1, alice.page.locator("#people li[data-client='alice']").count(), "nobody shows as alice twice");
    }

    /** A raw socket that says what the hub answered to each hostile frame. */
    private static final String HOSTILE = """
            ([url, id]) => new Promise(resolve => {
              const answers = {};
              const ws = new WebSocket(url);
              const name = '<img src=x onerror=window.pwned=1>';
              ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', clientId: 'mallory', room: 'ws' }));
              ws.onmessage = e => {
                const m = JSON.parse(e.data);
                if (m.type === 'welcome') {
                  ws.send(JSON.stringify({ type: 'presence', state: { name, color: 'red;background:url(x)' } }));
                  ws.send(JSON.stringify({ type: 'presence', state: { clientId: 'alice', name: 'Alice' } }));
                  ws.send(JSON.stringify({ type: 'cursor', area: 'board', x: 0.5, y: 0.5 }));
                  ws.send(JSON.stringify({ type: 'chat', seq: 1, chat: 'main', action: 'edit', id, text: 'owned' }));
                  ws.send(JSON.stringify({ type: 'chat', seq: 2, chat: 'main', action: 'delete', id }));
                  ws.send(JSON.stringify({ type: 'chat', seq: 3, chat: 'main', action: 'send', id: 'x1', text: name }));
                }
                if (m.type === 'error' && m.seq === 1) answers.edit = m.code;
                if (m.type === 'error' && m.seq === 2) answers.delete = m.code;
                if (m.type === 'error' && m.seq === undefined && m.code === 'invalid_field') answers.forged = m.code;
                if (m.type === 'chat-result' && m.seq === 3) answers.sent = true;
                if (answers.edit && answers.delete && answers.forged && answers.sent) resolve(answers);
              };
            })""";
}
