package dev.entangle.core.multiplayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.session.Wire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiplayerTest {

    /** The hub's side of the wire: what the client sent, and whether it is connected. */
    private static final class FakeWire implements Wire {
        final List<Message> sent = new ArrayList<>();
        boolean open = true;
        long seq = 1;

        @Override
        public long nextSeq() {
            return seq++;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void send(Message message) {
            sent.add(message);
        }

        @Override
        public String hubEpoch() {
            return "e";
        }

        Map<String, Object> last() {
            Message m = sent.get(sent.size() - 1);
            return m instanceof Message.Chat c ? c.fields() : m instanceof Message.Activity a ? a.fields()
                    : ((Message.Awareness) m).fields();
        }
    }

    private final FakeWire wire = new FakeWire();
    private final List<String> heard = new ArrayList<>();
    private final Multiplayer multiplayer = new Multiplayer("alice", wire, new Multiplayer.Listener() {
        @Override
        public void presence(PresenceTable.Member member) {
            heard.add("presence " + member.clientId());
        }

        @Override
        public void cursor(PresenceTable.Member member) {
            heard.add("cursor " + member.clientId());
        }

        @Override
        public void chatEvent(String chat, String event, Map<String, Object> detail) {
            heard.add(chat + " " + event + " " + detail.get("id"));
        }

        @Override
        public void activity(Map<String, Object> entry) {
            heard.add("activity " + entry.get("n"));
        }
    });

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    @Test
    void presenceIsMergedLocallyAndOnlyTheChangeIsSent() {
        PresenceTable presence = multiplayer.presence();
        presence.set(map("status", "editing", "name", "Ada"), true);
        Map<String, Object> changes = new HashMap<>();
        changes.put("name", null);
        presence.set(changes, false);
        assertEquals(map("status", "editing"), presence.me());
        assertEquals(map("state", changes, "active", false), wire.last());
    }

    @Test
    void aReconnectSendsTheWholePresenceAndKeepsMembersListedUntilTheHubHadTimeToListThem() {
        PresenceTable presence = multiplayer.presence();
        presence.set(map("status", "idle"), true);
        multiplayer.receive(new Message.Awareness("presence", map("clientId", "bob", "state", map("name", "Bob"),
                "lastActive", 5L)));
        multiplayer.receive(new Message.Awareness("presence", map("clientId", "carol", "state", map())));
        multiplayer.joined();
        assertEquals(map("state", map("status", "idle"), "active", false), wire.last());
        multiplayer.receive(new Message.Awareness("presence", map("clientId", "bob", "state", map("name", "Bob"))));
        assertEquals(2, presence.others().size(), "nobody disappears while the hub's list arrives");
        assertTrue(presence.dropStale());
        assertEquals(List.of("bob"), presence.others().stream().map(PresenceTable.Member::clientId).toList());
    }

    @Test
    void aCursorOfAMemberIsKeptAndALeaveRemovesTheMember() {
        multiplayer.receive(new Message.Awareness("presence", map("clientId", "bob", "state", map())));
        multiplayer.receive(new Message.Awareness("cursor", map("clientId", "bob", "area", "board", "x", 0.5, "y", 0.25)));
        multiplayer.receive(new Message.Awareness("cursor", map("clientId", "ghost", "area", "board", "x", 0.1, "y", 0.1)));
        assertEquals(map("area", "board", "x", 0.5, "y", 0.25), multiplayer.presence().member("bob").cursor());
        multiplayer.receive(new Message.Awareness("presence", map("clientId", "bob", "left", true)));
        assertNull(multiplayer.presence().member("bob"));
        assertEquals(List.of("presence bob", "cursor bob", "presence bob"), heard);
    }

    @Test
    void aSentMessageIsPendingUntilConfirmedAndShownOnce() {
        ChatChannel chat = multiplayer.chat("main");
        long historySeq = (Long) wire.last().get("seq");
        multiplayer.receive(new Message.Chat("chat-result", map("seq", historySeq, "chat", "main", "messages", List.of(),
                "more", false, "reads", map(), "unread", 0L)));
        List<String> answers = new ArrayList<>();
        chat.send("m1", "hello", 10, (fields, code, message) -> answers.add(code == null ? "ok" : code));
        assertEquals(Boolean.TRUE, chat.messages().get(0).get("pending"));
        long sendSeq = (Long) wire.last().get("seq");
        Map<String, Object> stored = map("id", "m1", "n", 1L, "author", "alice", "text", "hello", "at", 11L);
        multiplayer.receive(new Message.Chat("chat-event", map("chat", "main", "event", "message", "message", stored)));
        multiplayer.receive(new Message.Chat("chat-result", map("seq", sendSeq, "chat", "main", "message", stored)));
        assertEquals(List.of(stored), chat.messages());
        assertEquals(List.of("ok"), answers);
        assertEquals(0, chat.unread(), "my own message is never unread");
    }

    @Test
    void aSendInFlightWhenTheConnectionDropsIsSentAgainWithTheSameIdAndOtherRequestsAreAnsweredDisconnected() {
        ChatChannel chat = multiplayer.chat("main");
        List<String> answers = new ArrayList<>();
        chat.send("m1", "hello", 10, (fields, code, message) -> answers.add("send " + code));
        chat.react("m0", "👍", (fields, code, message) -> answers.add("react " + code));
        wire.open = false;
        multiplayer.connectionLost();
        assertEquals(List.of("react disconnected"), answers);
        wire.sent.clear();
        wire.open = true;
        multiplayer.joined();
        List<Object> resent = wire.sent.stream().filter(m -> m instanceof Message.Chat)
                .map(m -> ((Message.Chat) m).fields().get("action") + " " + ((Message.Chat) m).fields().get("id")).toList()
                .stream().map(Object.class::cast).toList();
        assertEquals(List.of("send m1", "history null"), resent);
    }

    @Test
    void aSendRefusedForNowWaitsForTheRetryAndOneRefusedForGoodIsWithdrawn() {
        ChatChannel chat = multiplayer.chat("main");
        List<String> answers = new ArrayList<>();
        chat.send("m1", "hi", 1, (fields, code, message) -> answers.add(String.valueOf(code)));
        long seq = (Long) wire.last().get("seq");
        assertTrue(multiplayer.refused(seq, ErrorCode.RATE_LIMITED, "slow down"));
        assertTrue(multiplayer.hasRetries());
        assertTrue(answers.isEmpty());
        multiplayer.retry();
        long again = (Long) wire.last().get("seq");
        assertEquals("m1", wire.last().get("id"));
        assertTrue(multiplayer.refused(again, ErrorCode.MESSAGE_TOO_LONG, "too long"));
        assertEquals(List.of("message_too_long"), answers);
        assertTrue(chat.messages().isEmpty());
        assertTrue(heard.contains("main delete m1"));
    }

    @Test
    void unreadCountsOthersMessagesAfterMyMarkAndMarkReadResetsIt() {
        ChatChannel chat = multiplayer.chat("main");
        long seq = (Long) wire.last().get("seq");
        multiplayer.receive(new Message.Chat("chat-result", map("seq", seq, "chat", "main", "messages",
                List.of(map("id", "a", "n", 1L, "author", "bob", "text", "one", "at", 1L)), "more", false,
                "reads", map("bob", 1L), "unread", 1L)));
        assertEquals(1, chat.unread());
        multiplayer.receive(new Message.Chat("chat-event", map("chat", "main", "event", "message",
                "message", map("id", "b", "n", 2L, "author", "bob", "text", "two", "at", 2L))));
        multiplayer.receive(new Message.Chat("chat-event", map("chat", "main", "event", "message",
                "message", map("id", "c", "n", 3L, "author", "alice", "text", "mine", "at", 3L))));
        assertEquals(2, chat.unread());
        chat.markRead("b", (fields, code, message) -> { });
        assertEquals(0, chat.unread());
        assertEquals(2L, chat.reads().get("alice"));
        assertEquals("read", wire.last().get("action"));
    }

    @Test
    void activityEntriesArriveOnceInTheHubsOrder() {
        ActivityFeed feed = multiplayer.activity();
        long seq = (Long) wire.last().get("seq");
        Map<String, Object> one = map("n", 1L, "type", "join", "actor", "bob", "summary", "bob joined", "at", 1L);
        multiplayer.receive(new Message.Activity("activity-event", map("entry", one)));
        multiplayer.receive(new Message.Activity("activity-result", map("seq", seq, "entries", List.of(one), "more", false)));
        assertEquals(List.of(one), feed.entries());
        assertEquals(List.of("activity 1"), heard);
        assertFalse(feed.hasMore());
    }

    @Test
    void aChatOpenedBeforeTheJoinAsksForItsLatestPageOnce() {
        wire.open = false;
        multiplayer.chat("main");
        multiplayer.activity();
        wire.open = true;
        multiplayer.joined();
        assertEquals(1, wire.sent.stream().filter(m -> m instanceof Message.Chat).count());
        assertEquals(1, wire.sent.stream().filter(m -> m instanceof Message.Activity).count());
    }
}
