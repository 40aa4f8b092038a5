package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.hub.feature.presence.PresenceFeature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.store.MemoryEventLog;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Presence and live cursors on one hub (docs/MULTIPLAYER.md, "Presence", "No ghosts", "Cursors"):
 * what a joiner is told, how a state merges, what is refused with which code, and when a member
 * leaves the others' lists. The hub's clock is moved by the test, and the presence check, every
 * fraction of a heartbeat on a running hub, is called by hand.
 */
class PresenceTest {
    private static final long HEARTBEAT = 15_000;
    private static final long TIMEOUT = 2 * HEARTBEAT; // the default: two heartbeat intervals
    private final MovableClock clock = new MovableClock();
    private final Hub hub = hub(new HubConfig());

    private Hub hub(HubConfig config) {
        config.heartbeatMillis = HEARTBEAT;
        config.validate();
        return new Hub(config, new MemoryEventLog(), clock);
    }

    private static Message.Awareness presence(Object state, Object active) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (state != null) {
            fields.put("state", state);
        }
        if (active != null) {
            fields.put("active", active);
        }
        return new Message.Awareness("presence", fields);
    }

    private static Message.Awareness presence(Map<String, Object> state) {
        return presence(state, null);
    }

    private static Message.Awareness cursor(String area, Object x, Object y) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("area", area);
        if (x != null) {
            fields.put("x", x);
        }
        if (y != null) {
            fields.put("y", y);
        }
        return new Message.Awareness("cursor", fields);
    }

    /** The presence and cursor frames {@code peer} got since the last call, then forgotten. */
    private static List<Map<String, Object>> heard(HubPeer peer) {
        peer.drain();
        List<Map<String, Object>> out = peer.awareness().stream()
                .map(a -> {
                    Map<String, Object> frame = new LinkedHashMap<>();
                    frame.put("type", a.type());
                    frame.putAll(a.fields());
                    return frame;
                }).toList();
        peer.awareness().clear();
        return out;
    }

    private static Map<String, Object> frame(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private long now() {
        return clock.millis();
    }

    /**
     * Moves the clock on by {@code millis}, a second at a time, {@code pinging} sending a ping each
     * second (live clients ping every heartbeat), and the presence check after each.
     */
    private void pass(long millis, HubPeer... pinging) {
        for (long left = millis; left > 0; ) {
            long step = Math.min(1_000, left);
            clock.advance(Duration.ofMillis(step));
            left -= step;
            for (HubPeer peer : pinging) {
                peer.send(new Message.Ping(0));
            }
            hub.presenceCheck();
        }
    }

    @Test
    void aJoinerIsToldEveryOtherMemberAndTheOthersAreToldOfItButNobodyOfItself() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        alice.send(presence(Map.of("name", "Ada", "status", "editing")));
        long aliceActive = now();
        clock.advance(Duration.ofSeconds(1));
        HubPeer bob = new HubPeer(hub, "bob", "room");
        assertEquals(List.of(frame("type", "presence", "clientId", "alice", "state", Map.of("name", "Ada",
                "status", "editing"), "lastActive", aliceActive)), heard(bob), "bob is told of alice, not of himself");
        assertEquals(List.of(frame("type", "presence", "clientId", "bob", "state", Map.of(), "lastActive", now())),
                heard(alice), "alice is told bob joined, with an empty state");
        HubPeer elsewhere = new HubPeer(hub, "carol", "other-room");
        assertEquals(List.of(), heard(elsewhere), "nobody of another room");
        assertEquals(List.of(), heard(alice));
    }

    @Test
    void aStateMergesAndANullRemovesItsKey() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        heard(alice);
        bob.send(presence(Map.of("name", "Bob", "status", "idle", "color", "#00f")));
        Map<String, Object> change = new HashMap<>();
        change.put("status", "running");
        change.put("color", null);
        bob.send(presence(change));
        List<Map<String, Object>> frames = heard(alice);
        assertEquals(Map.of("name", "Bob", "status", "running"), frames.get(frames.size() - 1).get("state"),
                "replaced, removed, and the rest kept");
        assertEquals("Bob", PresenceFeature.nameOf(hub.existingRoom("room"), "bob"), "other features read the name");
        assertNull(PresenceFeature.nameOf(hub.existingRoom("room"), "alice"), "none set");
        assertEquals(List.of(), bob.drain(), "presence is never acknowledged");
    }

    @Test
    void everyRuleIsCheckedWithItsCode() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        heard(bob);
        Map<Message, ErrorCode> refused = new LinkedHashMap<>();
        refused.put(presence("busy", null), ErrorCode.INVALID_FIELD);
        refused.put(presence(Map.of(), "yes"), ErrorCode.INVALID_FIELD);
        refused.put(presence(Map.of("status", 3L)), ErrorCode.INVALID_FIELD);
        refused.put(presence(Map.of("name", "n".repeat(65))), ErrorCode.INVALID_FIELD);
        refused.put(presence(Map.of("color", List.of("red"))), ErrorCode.INVALID_FIELD);
        refused.put(presence(Map.of("avatar", "a".repeat(513))), ErrorCode.INVALID_FIELD);
        refused.put(cursor("no spaces!", 0.5, 0.5), ErrorCode.INVALID_FIELD);
        refused.put(cursor("board", 0.5, null), ErrorCode.INVALID_FIELD);
        refused.put(cursor("board", 2.5, 0.5), ErrorCode.INVALID_FIELD);
        refused.put(cursor("board", 0.5, -1.01), ErrorCode.INVALID_FIELD);
        refused.put(cursor("board", "left", 0.5), ErrorCode.INVALID_FIELD);
        refused.put(new Message.Awareness("cursor", Map.of("x", 0.1, "y", 0.1)), ErrorCode.INVALID_FIELD);
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            many.put("k" + i, (long) i);
        }
        refused.put(presence(many), ErrorCode.LIMIT_REACHED);
        refused.put(presence(Map.of("notes", "x".repeat(2_100))), ErrorCode.FRAME_TOO_LARGE);
        for (Map.Entry<Message, ErrorCode> rule : refused.entrySet()) {
            alice.send(rule.getKey());
            assertEquals(rule.getValue(), alice.error().code(), "refused: " + rule.getKey());
        }
        assertEquals(List.of(), heard(bob), "none of them was relayed");

        alice.send(presence(Map.of("name", "n".repeat(64), "avatar", "a".repeat(512), "status", "away")));
        alice.send(cursor("board", -1L, 2L));
        alice.send(cursor("board", null, null));
        assertEquals(List.of(), alice.drain(), "at the limits, accepted");
        assertEquals(3, heard(bob).size());
    }

    @Test
    void theLimitsCountTheStateOnceMerged() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        Map<String, Object> half = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            half.put("a" + i, (long) i);
        }
        alice.send(presence(half));
        Map<String, Object> more = new HashMap<>();
        for (int i = 0; i < 13; i++) {
            more.put("b" + i, (long) i);
        }
        alice.send(presence(more));
        assertEquals(ErrorCode.LIMIT_REACHED, alice.error().code(), "20 kept and 13 more make 33");
        more.remove("b0");
        alice.send(presence(more));
        assertEquals(List.of(), alice.drain(), "32 is the limit");
        alice.send(presence(Map.of("a0", "x".repeat(1_000), "a1", "y".repeat(1_000))));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, alice.error().code(), "over 2 KiB merged, though this frame is less");
    }

    @Test
    void aClientCanNeverForgeAnothersPresence() {
        HubPeer mallory = new HubPeer(hub, "mallory", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        heard(bob);
        for (String key : List.of("clientId", "lastActive", "cursor")) {
            mallory.send(presence(Map.of(key, "bob")));
            assertEquals(ErrorCode.INVALID_FIELD, mallory.error().code(), "state." + key + " is the hub's");
        }
        for (String field : List.of("clientId", "lastActive", "cursor", "left")) {
            mallory.send(new Message.Awareness("presence", Map.of(field, "bob", "state", Map.of())));
            assertEquals(ErrorCode.INVALID_FIELD, mallory.error().code(), field + " is the hub's");
        }
        mallory.send(new Message.Awareness("cursor", Map.of("area", "board", "x", 0.1, "y", 0.1, "clientId", "bob")));
        assertEquals(ErrorCode.INVALID_FIELD, mallory.error().code(), "a cursor's clientId is the hub's");
        assertEquals(List.of(), heard(bob), "nothing was relayed");

        mallory.send(presence(Map.of("name", "Bob")));
        assertEquals(List.of(frame("type", "presence", "clientId", "mallory", "state", Map.of("name", "Bob"),
                "lastActive", now())), heard(bob), "what it sends is stamped as its own");
    }

    @Test
    void lastActiveMovesOnlyOnActiveFrames() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        long joined = now();
        heard(alice);
        clock.advance(Duration.ofSeconds(5));
        bob.send(presence(Map.of("status", "away"), false));
        assertEquals(joined, heard(alice).get(0).get("lastActive"), "not the user's own activity");
        clock.advance(Duration.ofSeconds(5));
        bob.send(presence(null, true));
        assertEquals(now(), heard(alice).get(0).get("lastActive"), "a plain 'still here and active'");
        clock.advance(Duration.ofSeconds(5));
        bob.send(presence(Map.of("status", "editing")));
        assertEquals(now(), heard(alice).get(0).get("lastActive"), "active unless it says otherwise");
    }

    @Test
    void aCursorIsRelayedWithItsSenderAndAJoinerGetsTheLatestWithThePresence() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        heard(alice);
        heard(bob);
        bob.send(cursor("board", 0.42, 0.17));
        assertEquals(List.of(frame("type", "cursor", "area", "board", "x", 0.42, "y", 0.17, "clientId", "bob")),
                heard(alice));
        assertEquals(List.of(), heard(bob), "not echoed");
        bob.send(cursor("board", 0.5, 1L));
        bob.send(presence(Map.of("name", "Bob")));
        long active = now();
        HubPeer carol = new HubPeer(hub, "carol", "room");
        assertTrue(heard(carol).contains(frame("type", "presence", "clientId", "bob", "state", Map.of("name", "Bob"),
                "lastActive", active, "cursor", Map.of("area", "board", "x", 0.5, "y", 1L))),
                "carol, joining later, has bob's latest cursor");
        bob.send(cursor("board", null, null));
        assertEquals(List.of(frame("type", "cursor", "area", "board", "clientId", "bob")), heard(carol),
                "the pointer left the area");
    }

    @Test
    void aMemberBackWithinTheTimeoutNeverLeavesAndKeepsItsState() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        bob.send(presence(Map.of("name", "Bob")));
        heard(alice);
        hub.closed(bob.connection);
        pass(TIMEOUT - 1_000, alice);
        HubPeer back = new HubPeer(hub, "bob", "room");
        pass(TIMEOUT, alice, back);
        assertEquals(List.of(), heard(alice), "no left, no second join");
        assertEquals("Bob", PresenceFeature.nameOf(hub.existingRoom("room"), "bob"), "its state is kept");
        assertEquals(List.of("alice"), heard(back).stream().map(f -> f.get("clientId")).toList(),
                "and it gets the list again");
    }

    @Test
    void aMemberClosedAndNotBackWithinTheTimeoutLeaves() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        bob.send(cursor("board", 0.1, 0.1));
        heard(alice);
        hub.closed(bob.connection);
        pass(TIMEOUT - 1, alice);
        assertEquals(List.of(), heard(alice), "not yet");
        pass(1, alice);
        assertEquals(List.of(frame("type", "presence", "clientId", "bob", "left", true)), heard(alice));
        HubPeer carol = new HubPeer(hub, "carol", "room");
        assertEquals(List.of("alice"), heard(carol).stream().map(f -> f.get("clientId")).toList(), "bob is no ghost");
    }

    @Test
    void aSilentMemberLeavesThoughItsSocketIsOpenAndIsAnnouncedAgainWhenItSpeaks() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        bob.send(presence(Map.of("name", "Bob")));
        long bobActive = now();
        heard(alice);
        heard(bob);
        pass(TIMEOUT - 1_000, alice); // alice pings; bob's tab is frozen
        assertEquals(List.of(), heard(alice), "not yet");
        pass(1_000, alice);
        assertEquals(List.of(frame("type", "presence", "clientId", "bob", "left", true)), heard(alice));
        assertEquals(List.of(), heard(bob), "alice, who pings, stays");
        HubPeer carol = new HubPeer(hub, "carol", "room");
        assertEquals(List.of("alice"), heard(carol).stream().map(f -> f.get("clientId")).toList(), "bob is not listed");
        heard(alice);

        bob.send(new Message.Ping(9));
        hub.presenceCheck();
        assertEquals(List.of(frame("type", "presence", "clientId", "bob", "state", Map.of("name", "Bob"),
                "lastActive", bobActive)), heard(alice), "heard again: announced again");
        hub.closed(bob.connection);
        pass(TIMEOUT, alice, carol);
        assertEquals(List.of(frame("type", "presence", "clientId", "bob", "left", true)), heard(alice));
    }

    @Test
    void aSilentMemberThatSendsACursorIsAnnouncedBeforeIt() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        pass(TIMEOUT, alice);
        heard(alice);
        bob.send(cursor("board", 0.3, 0.3));
        List<Map<String, Object>> frames = heard(alice);
        assertEquals(List.of("presence", "cursor"), frames.stream().map(f -> f.get("type")).toList());
    }

    @Test
    void presenceAndCursorsShareTheEphemeralBudgetAndWhatIsOverItIsDroppedNotRefused() {
        HubConfig config = new HubConfig();
        config.ephemeralPerSecond = 20;
        config.ephemeralBurst = 20;
        Hub limited = hub(config);
        HubPeer alice = new HubPeer(limited, "alice", "room");
        HubPeer bob = new HubPeer(limited, "bob", "room");
        heard(alice);
        for (int i = 0; i < 15; i++) {
            alice.send(presence(Map.of("n", (long) i)));
            alice.send(cursor("board", 0.01 * i, 0.5));
        }
        assertEquals(List.of(), alice.drain(), "over the budget is dropped, not refused");
        int relayed = heard(bob).size() - 1; // bob's list held alice
        assertTrue(relayed >= 19 && relayed <= 21, "the lane's burst of 20 passes: " + relayed);
    }

    @Test
    void thePresenceTimeoutIsTwoHeartbeatsUnlessSetAndNeverShorterThanOne() {
        HubConfig config = new HubConfig();
        assertEquals(30_000, config.presenceTimeout());
        assertEquals(250, config.presenceCheckMillis());
        config.heartbeatMillis = 300;
        assertEquals(600, config.presenceTimeout());
        assertEquals(75, config.presenceCheckMillis(), "a check finer than a heartbeat");
        config.presenceTimeoutMillis = 300;
        assertThrows(IllegalArgumentException.class, config::validate, "a live client pings only every heartbeat");
        config.presenceTimeoutMillis = -1;
        assertThrows(IllegalArgumentException.class, config::validate);
        config.presenceTimeoutMillis = 5_000;
        config.validate();
        assertEquals(5_000, config.presenceTimeout());
    }

    @Test
    void aReplacedConnectionOfTheSameClientIsNoLeave() {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        new HubPeer(hub, "bob", "room").send(presence(Map.of("name", "Bob")));
        heard(alice);
        HubPeer again = new HubPeer(hub, "bob", "room"); // a reload: the newest connection wins
        pass(TIMEOUT + 1_000, alice, again);
        assertEquals(List.of(), heard(alice), "neither left nor joined");
        Room room = hub.existingRoom("room");
        synchronized (room) {
            assertEquals("Bob", PresenceFeature.nameOf(room, "bob"));
        }
        assertInstanceOf(Message.Pong.class, again.next());
    }
}
