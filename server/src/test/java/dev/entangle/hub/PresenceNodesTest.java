package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.protocol.Message;
import dev.entangle.hub.backplane.RedisBackplane;
import dev.entangle.hub.feature.presence.PresenceFeature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.PostgresEventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence and cursors across two hub nodes sharing one event log in the real PostgreSQL and
 * hearing of each other through the real Redis: states and pointers cross, a node taking a room up
 * learns the other node's members' states from its roster, and the members of a node that goes
 * silent leave the other node's lists at once — and come back without a second join if it was only
 * silent a while.
 */
class PresenceNodesTest {
    /** A node is taken as gone 3.5 s after it was last heard, heard each second; and scheduling. */
    private static final long NODE_GONE_BOUND_MS = 3_500 + 1_000 + 1_500;
    private final String channel = "entangle-test-" + UUID.randomUUID();
    private final List<RedisBackplane> backplanes = new ArrayList<>();
    private PostgresTestSchema schema;
    private EventLog shared;
    private Hub one;
    private Hub two;

    @BeforeAll
    static void requireDatabase() {
        PostgresTestSchema.requireDatabase();
    }

    @BeforeEach
    void startNodes() {
        String redis = RealRedis.redisOrSkip();
        schema = PostgresTestSchema.create("entangle_presence");
        shared = PostgresEventLog.open(schema.url());
        one = node(redis);
        two = node(redis);
    }

    private Hub node(String redis) {
        return node(redis, new HubConfig());
    }

    private Hub node(String redis, HubConfig config) {
        RedisBackplane backplane = RedisBackplane.connect(redis, channel);
        backplanes.add(backplane);
        config.backplane = backplane;
        return new Hub(config, shared);
    }

    @AfterEach
    void stopNodes() {
        backplanes.forEach(RedisBackplane::close);
        shared.close();
        schema.close();
    }

    private static Message.Awareness presence(Map<String, Object> state) {
        return new Message.Awareness("presence", Map.of("state", state));
    }

    /** Whether {@code peer} was sent a presence or cursor frame about {@code clientId} that {@code matches}. */
    private static boolean heard(HubPeer peer, String type, String clientId, Predicate<Map<String, Object>> matches) {
        peer.drain();
        return peer.awareness().stream().anyMatch(a -> a.type().equals(type) && clientId.equals(a.fields().get("clientId"))
                && matches.test(a.fields()));
    }

    /**
     * What {@code peer} knows of {@code clientId} from the frames it got, as a client keeps it: its
     * latest state and its latest cursor, from presence or cursor frames (which of them brought what
     * depends on when each crossed).
     */
    private static Map<String, Object> view(HubPeer peer, String clientId) {
        peer.drain();
        Map<String, Object> view = new java.util.HashMap<>();
        for (Message.Awareness a : peer.awareness()) {
            if (!clientId.equals(a.fields().get("clientId"))) {
                continue;
            }
            if (a.type().equals("cursor")) {
                Map<String, Object> cursor = new java.util.HashMap<>(a.fields());
                cursor.remove("clientId");
                view.put("cursor", cursor);
            } else if (a.fields().containsKey("left")) {
                view.clear();
            } else {
                view.put("state", a.fields().get("state"));
                if (a.fields().containsKey("cursor")) {
                    view.put("cursor", a.fields().get("cursor"));
                }
            }
        }
        return view;
    }

    private static boolean left(HubPeer peer, String clientId) {
        return heard(peer, "presence", clientId, f -> Boolean.TRUE.equals(f.get("left")));
    }

    @Test
    void presenceAndCursorsCrossNodes() throws Exception {
        HubPeer alice = new HubPeer(one, "alice", "room");
        HubPeer bob = new HubPeer(two, "bob", "room");
        Await.until(() -> heard(alice, "presence", "bob", f -> true), "alice, on node one, was told bob joined node two");
        Await.until(() -> heard(bob, "presence", "alice", f -> true), "bob, on node two, knows alice");

        alice.send(presence(Map.of("name", "Ada", "status", "editing")));
        Await.until(() -> heard(bob, "presence", "alice", f -> f.get("state").equals(Map.of("name", "Ada",
                "status", "editing"))), "alice's state reached bob: " + bob.awareness());
        Room room = two.existingRoom("room");
        synchronized (room) {
            assertEquals("Ada", PresenceFeature.nameOf(room, "alice"), "node two reads her name too");
        }
        alice.send(new Message.Awareness("cursor", Map.of("area", "board", "x", 0.25, "y", 0.75)));
        Await.until(() -> heard(bob, "cursor", "alice", f -> f.equals(Map.of("area", "board", "x", 0.25, "y", 0.75,
                "clientId", "alice"))), "alice's cursor reached bob: " + bob.awareness());
        bob.send(new Message.Awareness("cursor", Map.of("area", "board")));
        Await.until(() -> heard(alice, "cursor", "bob", f -> !f.containsKey("x")), "and bob's reached alice");
    }

    @Test
    void aLateJoinerOnTheOtherNodeSeesTheStatesAndCursorsOfItsMembers() throws Exception {
        HubPeer alice = new HubPeer(one, "alice", "room");
        alice.send(presence(Map.of("name", "Ada")));
        alice.send(new Message.Awareness("cursor", Map.of("area", "board", "x", 0.5, "y", 0.5)));
        Map<String, Object> withCursor = Map.of("area", "board", "x", 0.5, "y", 0.5);
        Map<String, Object> expected = Map.of("state", Map.of("name", "Ada"), "cursor", withCursor);

        HubPeer carol = new HubPeer(two, "carol", "room"); // node two takes the room up only now: it asks
        Await.until(() -> view(carol, "alice").equals(expected), "carol was told alice's state and cursor");
        HubPeer dave = new HubPeer(two, "dave", "room");
        assertTrue(heard(dave, "presence", "alice", f -> f.get("state").equals(Map.of("name", "Ada"))
                && withCursor.equals(f.get("cursor"))), "dave, later still, in his join list: " + dave.awareness());
        int told = carol.awareness().size();
        Thread.sleep(500);
        assertEquals(told, carol.awareness().size(), "nothing more, however many roster answers: " + carol.awareness());
    }

    @Test
    void aMemberMovingToTheOtherNodeWithinTheTimeoutNeverLeaves() throws Exception {
        HubConfig shortTimeout = new HubConfig();
        shortTimeout.heartbeatMillis = 300; // a presence timeout of 600 ms
        Hub first = node(RealRedis.redisOrSkip(), shortTimeout);
        HubPeer alice = new HubPeer(first, "alice", "room");
        alice.send(presence(Map.of("name", "Ada")));
        HubPeer bob = new HubPeer(two, "bob", "room");
        Await.until(() -> heard(bob, "presence", "alice", f -> f.get("state").equals(Map.of("name", "Ada"))),
                "bob knows alice, on the first node");
        HubPeer carol = new HubPeer(first, "carol", "room");
        bob.awareness().clear();

        first.closed(alice.connection); // her connection to the first node drops; she reconnects to node two
        HubPeer moved = new HubPeer(two, "alice", "room");
        Thread.sleep(1_000); // past the first node's presence timeout, had it still expected her back
        carol.send(new Message.Ping(1));
        first.presenceCheck();
        assertTrue(heard(moved, "presence", "bob", f -> true), "she gets the list again on node two");
        assertTrue(!left(bob, "alice") && !left(carol, "alice"), "nobody saw her leave: " + bob.awareness() + " "
                + carol.awareness());
        Room room = two.existingRoom("room");
        synchronized (room) {
            assertEquals("Ada", PresenceFeature.nameOf(room, "alice"), "her state is kept");
        }
    }

    @Test
    void theMembersOfAKilledNodeLeaveTheOtherNodesListsAtOnce() throws Exception {
        HubPeer alice = new HubPeer(one, "alice", "room");
        HubPeer bob = new HubPeer(two, "bob", "room");
        Await.until(() -> heard(bob, "presence", "alice", f -> true), "bob knows alice, on node one");

        backplanes.get(0).close(); // node one dies: no goodbye, no more heartbeats
        long killed = System.currentTimeMillis();
        Await.until(() -> left(bob, "alice"), "alice left for bob");
        long after = System.currentTimeMillis() - killed;
        assertTrue(after <= NODE_GONE_BOUND_MS, "within the time a node is taken as gone: " + after + " ms");
        HubPeer carol = new HubPeer(two, "carol", "room");
        assertTrue(carol.awareness().stream().noneMatch(a -> "alice".equals(a.fields().get("clientId"))),
                "alice is no ghost for a later joiner: " + carol.awareness());
    }

    @Test
    void aNodeThatWasOnlySilentAWhileHasItsMembersListedAgainFromItsRoster() throws Exception {
        try (CuttableProxy path = new CuttableProxy(RealRedis.REDIS_HOST, RealRedis.REDIS_PORT)) {
            RedisBackplane backplane = RedisBackplane.connect("redis://127.0.0.1:" + path.port(), channel);
            backplanes.add(backplane);
            HubConfig config = new HubConfig();
            config.backplane = backplane;
            Hub paused = new Hub(config, shared);
            HubPeer alice = new HubPeer(paused, "alice", "room");
            alice.send(presence(Map.of("name", "Ada")));
            HubPeer bob = new HubPeer(two, "bob", "room");
            Await.until(() -> heard(bob, "presence", "alice", f -> f.get("state").equals(Map.of("name", "Ada"))),
                    "bob knows alice, on the other node");

            path.cut(); // silent past the 3.5 s a node is given
            Await.until(() -> left(bob, "alice"), "alice's node is taken as gone: she left bob's list");
            bob.awareness().clear();
            path.restore();
            Await.until(() -> heard(bob, "presence", "alice", f -> f.get("state").equals(Map.of("name", "Ada"))),
                    "heard again, her node answers who is on it: alice is listed again with her state");
            assertTrue(alice.drain().stream().noneMatch(m -> m instanceof Message.Error), "alice noticed nothing");
        }
    }
}
