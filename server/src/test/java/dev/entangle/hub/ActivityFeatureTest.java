package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.store.MemoryEventLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The activity stream (docs/MULTIPLAYER.md, "Activity"): the hub's own entries — joins, leaves, one
 * edit entry per burst, named operations, chat messages — and an application's posts, numbered in
 * the room's order, listed backwards, sent to the members that listed it.
 */
class ActivityFeatureTest {
    private final MovableClock clock = new MovableClock();

    private Hub hub(Consumer<HubConfig> more) {
        HubConfig config = new HubConfig();
        config.sessionGraceMillis = 0;
        config.register(new TodoMutators());
        more.accept(config);
        config.validate();
        return new Hub(config, new MemoryEventLog(), clock);
    }

    /** The answer to {@code seq} (a result or an error), the other frames passed over. */
    private static Message answer(HubPeer peer, long seq) {
        for (Message m : peer.drain()) {
            if (m instanceof Message.Activity a && a.type().equals("activity-result") && a.fields().get("seq").equals(seq)
                    || m instanceof Message.Chat c && c.type().equals("chat-result") && c.fields().get("seq").equals(seq)
                    || m instanceof Message.Error e && Long.valueOf(seq).equals(e.seq())) {
                return m;
            }
        }
        throw new AssertionError("no answer to " + seq);
    }

    private static List<Map<?, ?>> list(HubPeer peer, Object... pairs) {
        Message.Activity result = (Message.Activity) answer(peer, post(peer, "list", pairs));
        return ((List<?>) result.fields().get("entries")).stream().<Map<?, ?>>map(e -> (Map<?, ?>) e).toList();
    }

    private static long post(HubPeer peer, String action, Object... pairs) {
        peer.send(ChatSocket.activity(++peer.seq, action, pairs));
        return peer.seq;
    }

    private static String refusal(HubPeer peer, Map<String, Object> entry) {
        return ((Message.Error) answer(peer, post(peer, "post", "entry", entry))).code().wire();
    }

    private static List<Object> field(List<Map<?, ?>> entries, String key) {
        return entries.stream().map(e -> (Object) e.get(key)).toList();
    }

    /** The entries the member was sent as they happened ({@code activity-event}). */
    private static List<Map<?, ?>> events(HubPeer peer) {
        return peer.drain().stream().filter(m -> m instanceof Message.Activity a && a.type().equals("activity-event"))
                .<Map<?, ?>>map(m -> (Map<?, ?>) ((Message.Activity) m).fields().get("entry")).toList();
    }

    @Test
    void joinsAndLeavesAreTheHubsOwnEntriesAndFollowersHearOfThemAsTheyHappen() {
        Hub hub = hub(c -> { });
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        HubPeer bob = new HubPeer(hub, "bob", "demo");
        hub.closed(bob.connection);
        List<Map<?, ?>> entries = list(alice);
        assertEquals(List.of("join", "join", "leave"), field(entries, "type"));
        assertEquals(List.of("alice", "bob", "bob"), field(entries, "actor"));
        assertEquals(List.of(1L, 2L, 3L), field(entries, "n"));
        assertEquals("bob left", entries.get(2).get("summary"));
        assertEquals(clock.millis(), entries.get(0).get("at"));

        new HubPeer(hub, "carol", "demo");
        List<Map<?, ?>> heard = events(alice);
        assertEquals(List.of("join"), field(heard, "type"), "alice listed the stream: she hears what comes next");
        assertEquals("carol", heard.get(0).get("actor"));
        assertEquals(List.of(), events(new HubPeer(hub, "dave", "demo")), "a member that never listed hears nothing");
    }

    @Test
    void aClientsEditsToOneDocumentOrBindingCloserThanTenSecondsAreOneEntry() {
        Hub hub = hub(c -> { });
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        alice.send(new Message.TextOpen(++alice.seq, "notes", null, null));
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.drain();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            alice.send(new Message.TextOp(++alice.seq, "notes", i, TextOperation.splice(text.length(), text.length(), 0,
                    "x"), null));
            text.append('x');
            alice.change("#volume", "v" + i);
            clock.advance(Duration.ofSeconds(9)); // each closer than 10 s to the one before: one burst
        }
        List<Map<?, ?>> edits = list(alice).stream().filter(e -> e.get("type").equals("edit")).toList();
        assertEquals(2, edits.size(), "one for the document, one for the binding: " + edits);
        assertEquals("notes", edits.get(0).get("doc"));
        assertEquals("alice edited notes", edits.get(0).get("summary"));
        assertEquals("#volume", edits.get(1).get("selector"));

        clock.advance(Duration.ofSeconds(10)); // a pause of 19 s: the next edit starts a burst
        alice.send(new Message.TextOp(++alice.seq, "notes", 3, TextOperation.splice(3, 3, 0, "y"), null));
        List<Map<?, ?>> heard = events(alice);
        assertEquals(List.of("edit"), field(heard, "type"));
        assertEquals("notes", heard.get(0).get("doc"));
    }

    @Test
    void aNamedOperationAndAChatMessageAreEntriesWithTheirFields() {
        Hub hub = hub(c -> { });
        HubPeer alice = new HubPeer(hub, "alice", "todos");
        list(alice);
        hub.sync().push(hub.roomForHttp("todos"), "alice", List.of(new PushedOperation(1, "alice-replica", "addTodo",
                Map.of("id", "t1", "title", "milk"), 1L)));
        alice.send(ChatSocket.chat(++alice.seq, "send", "id", "m1", "text", "milk is on the list"));
        List<Map<?, ?>> heard = events(alice);
        assertEquals(List.of("operation", "chat"), field(heard, "type"));
        assertEquals("addTodo", heard.get(0).get("name"));
        assertEquals("alice", heard.get(0).get("actor"));
        assertEquals("main", heard.get(1).get("chat"));
        assertEquals("m1", heard.get(1).get("id"));
    }

    @Test
    void aPostIsAnsweredWithTheEntryAsStoredAndListPagesBackwards() {
        Hub hub = hub(c -> { });
        HubPeer alice = new HubPeer(hub, "alice", "demo"); // entry 1: her join
        HubPeer bob = new HubPeer(hub, "bob", "demo"); // entry 2
        list(bob);
        for (int i = 1; i <= 5; i++) {
            Message.Activity result = (Message.Activity) answer(alice, post(alice, "post", "entry",
                    Map.of("type", "run", "summary", "run " + i, "passed", (long) i)));
            Map<?, ?> entry = (Map<?, ?>) result.fields().get("entry");
            assertEquals(Map.of("n", 2L + i, "type", "run", "actor", "alice", "summary", "run " + i, "at", clock.millis(),
                    "passed", (long) i), entry);
        }
        assertEquals(5, events(bob).size(), "bob listed: he hears each post");

        Message.Activity latest = (Message.Activity) answer(bob, post(bob, "list", "limit", 2L));
        List<?> page = (List<?>) latest.fields().get("entries");
        assertEquals(List.of(6L, 7L), page.stream().map(e -> ((Map<?, ?>) e).get("n")).toList(), "oldest first");
        assertEquals(true, latest.fields().get("more"));
        assertEquals(List.of(4L, 5L), field(list(bob, "before", 6L, "limit", 2L), "n"));
        Message.Activity oldest = (Message.Activity) answer(bob, post(bob, "list", "before", 3L));
        assertEquals(2, ((List<?>) oldest.fields().get("entries")).size());
        assertEquals(false, oldest.fields().get("more"));
    }

    @Test
    void aRoomKeepsOnlyItsLastActivityKeptEntries() {
        Hub hub = hub(c -> c.activityKept = 3);
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        for (int i = 1; i <= 4; i++) {
            answer(alice, post(alice, "post", "entry", Map.of("type", "run", "summary", "run " + i)));
        }
        Message.Activity all = (Message.Activity) answer(alice, post(alice, "list"));
        assertEquals(List.of(3L, 4L, 5L), ((List<?>) all.fields().get("entries")).stream()
                .map(e -> ((Map<?, ?>) e).get("n")).toList());
        assertFalse((Boolean) all.fields().get("more"), "older ones left the list");
    }

    @Test
    void reservedTypesAndBadEntriesAreRefusedWithTheirCodes() {
        Hub hub = hub(c -> { });
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        for (String reserved : List.of("join", "leave", "edit", "operation", "chat")) {
            assertEquals("invalid_field", refusal(alice, Map.of("type", reserved, "summary", "forged")), reserved);
        }
        assertEquals("invalid_field", refusal(alice, Map.of("type", "x".repeat(33), "summary", "long type")));
        assertEquals("invalid_field", refusal(alice, Map.of("type", "no spaces", "summary", "s")));
        assertEquals("invalid_field", refusal(alice, Map.of("type", "run")), "no summary");
        assertEquals("invalid_field", refusal(alice, Map.of("type", "run", "summary", "s", "n", 7L)), "n is the hub's");
        assertEquals("message_too_long", refusal(alice, Map.of("type", "run", "summary", "s".repeat(501))));
        assertEquals("frame_too_large", refusal(alice, Map.of("type", "run", "summary", "s", "log", "l".repeat(2_100))));
        Message.Error noEntry = (Message.Error) answer(alice, post(alice, "post"));
        assertEquals("invalid_field", noEntry.code().wire());
        Message.Error badAction = (Message.Error) answer(alice, post(alice, "delete"));
        assertEquals("invalid_field", badAction.code().wire());
        Message.Error badLimit = (Message.Error) answer(alice, post(alice, "list", "limit", 101L));
        assertEquals("invalid_field", badLimit.code().wire());
        assertTrue(list(alice).stream().noneMatch(e -> e.get("type").equals("run")), "none of them was kept");
    }

    @Test
    void theEleventhPostInTenSecondsIsRateLimited() {
        Hub hub = hub(c -> { });
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        for (int i = 0; i < 10; i++) {
            assertTrue(answer(alice, post(alice, "post", "entry", Map.of("type", "run", "summary", "r"))) instanceof
                    Message.Activity);
        }
        assertEquals("rate_limited", refusal(alice, Map.of("type", "run", "summary", "one too many")));
        clock.advance(Duration.ofSeconds(10));
        assertTrue(answer(alice, post(alice, "post", "entry", Map.of("type", "run", "summary", "r"))) instanceof
                Message.Activity, "a new window");
    }

    @Test
    void withActivityKeptZeroTheStreamIsOffAndPostsAreRefused() {
        Hub hub = hub(c -> c.activityKept = 0);
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        assertEquals(0, hub.events().size(), "no join entry");
        assertEquals("limit_reached", refusal(alice, Map.of("type", "run", "summary", "r")));
        assertEquals(List.of(), list(alice));
    }
}
