package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.protocol.Message;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.MemoryEventLog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two hubs on one event log (two nodes of a cluster): each hears the other's chat changes and
 * activity entries by following the log, and a message sent on a hub that had not yet followed the
 * other is numbered after the other's, not refused.
 */
class ChatSharedLogTest {
    private Hub one;
    private Hub two;

    /** The log both hubs share (here in memory; on PostgreSQL in {@link ChatSharedPostgresLogTest}). */
    protected EventLog openSharedLog() {
        return new MemoryEventLog();
    }

    @BeforeEach
    void startHubs() {
        EventLog shared = openSharedLog();
        one = new Hub(new HubConfig(), shared);
        two = new Hub(new HubConfig(), shared);
    }

    private static List<Map<?, ?>> of(List<Message> messages, String type, String key) {
        return messages.stream().filter(m -> m instanceof Message.Chat c && c.type().equals(type)
                || m instanceof Message.Activity a && a.type().equals(type))
                .<Map<?, ?>>map(m -> (Map<?, ?>) (m instanceof Message.Chat c ? c.fields() : ((Message.Activity) m).fields())
                        .get(key)).toList();
    }

    @Test
    void eachHubsMembersHearTheOtherHubsChatAndActivityInTheLogsOrder() {
        HubPeer alice = new HubPeer(one, "alice", "room");
        HubPeer bob = new HubPeer(two, "bob", "room");
        one.follow("room");
        two.follow("room");
        alice.send(ChatSocket.activity(++alice.seq, "list"));
        bob.send(ChatSocket.activity(++bob.seq, "list"));
        alice.drain();
        bob.drain();

        alice.send(ChatSocket.chat(++alice.seq, "send", "id", "a1", "text", "from one"));
        assertEquals(1L, of(alice.drain(), "chat-result", "message").get(0).get("n"));
        bob.send(ChatSocket.chat(++bob.seq, "send", "id", "b1", "text", "from two")); // two has not followed yet
        List<Message> bobGot = bob.drain();
        assertEquals(List.of("from one", "from two"), of(bobGot, "chat-event", "message").stream()
                .map(m -> m.get("text")).toList(), "alice's first, then his own: the log's order");
        assertEquals(2L, of(bobGot, "chat-result", "message").get(0).get("n"), "numbered after alice's, not refused");
        assertTrue(bobGot.stream().noneMatch(m -> m instanceof Message.Error), bobGot.toString());
        assertEquals(List.of("chat", "chat"), of(bobGot, "activity-event", "entry").stream().map(e -> e.get("type"))
                .toList());

        one.follow("room"); // what the backplane does when it hears that the room moved
        List<Message> aliceGot = alice.drain();
        assertEquals(List.of("from two"), of(aliceGot, "chat-event", "message").stream().map(m -> m.get("text"))
                .toList());
        assertEquals(List.of("b1"), of(aliceGot, "activity-event", "entry").stream().map(e -> e.get("id")).toList());

        bob.send(ChatSocket.chat(++bob.seq, "react", "id", "a1", "emoji", "👍"));
        bob.send(ChatSocket.chat(++bob.seq, "read", "id", "a1"));
        bob.drain();
        one.follow("room");
        alice.send(ChatSocket.chat(++alice.seq, "history"));
        Map<?, ?> history = (Map<?, ?>) ((Message.Chat) alice.drain().stream()
                .filter(m -> m instanceof Message.Chat c && c.type().equals("chat-result")).reduce((a, b) -> b)
                .orElseThrow()).fields();
        List<?> messages = (List<?>) history.get("messages");
        assertEquals(2, messages.size());
        assertEquals(Map.of("👍", List.of("bob")), ((Map<?, ?>) messages.get(0)).get("reactions"));
        assertEquals(Map.of("bob", 1L), history.get("reads"));
    }
}
