package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.hub.backplane.RedisBackplane;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.MemoryEventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one event log and the real Redis on this machine: a change made on one node
 * reaches the members of the other (told by Redis, read from the log), ephemeral messages and
 * presence cross, and a move Redis never carried is caught up by the sweep.
 */
class RedisBackplaneTest {
    private final EventLog shared = new MemoryEventLog();
    private final String channel = "entangle-test-" + UUID.randomUUID();
    private final List<RedisBackplane> backplanes = new ArrayList<>();
    private Hub one;
    private Hub two;

    @BeforeEach
    void startNodes() {
        String redis = RealRedis.redisOrSkip();
        one = node(redis);
        two = node(redis);
    }

    private Hub node(String redis) {
        return node(redis, new HubConfig().sessionGraceMillis);
    }

    private Hub node(String redis, long graceMillis) {
        RedisBackplane backplane = RedisBackplane.connect(redis, channel);
        backplanes.add(backplane);
        HubConfig config = new HubConfig();
        config.backplane = backplane;
        config.sessionGraceMillis = graceMillis;
        return new Hub(config, shared);
    }

    @AfterEach
    void stopNodes() {
        backplanes.forEach(RedisBackplane::close);
    }

    /** The frames {@code peer} was sent so far, decoded, without taking them. */
    private static List<Message> seen(HubPeer peer) {
        List<Message> out = new ArrayList<>();
        for (String frame : List.copyOf(peer.outlet.frames)) {
            try {
                out.add(MessageCodec.decode(frame));
            } catch (ProtocolException e) {
                throw new AssertionError(frame, e);
            }
        }
        return out;
    }

    private static List<String> values(HubPeer peer) {
        return HubPeer.valuesIn(seen(peer), false);
    }

    @Test
    void changesOnOneNodeReachTheMembersOfTheOtherInOrder() throws Exception {
        HubPeer alice = new HubPeer(one, "alice", "room");
        HubPeer bob = new HubPeer(two, "bob", "room");
        alice.entangle("#v", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#v", "*", Mode.BIDIRECTIONAL);
        for (int i = 1; i <= 20; i++) {
            alice.change("#v", "a" + i);
        }
        Await.until(() -> values(bob).size() == 20, "bob, on the other node, heard alice's 20 changes: " + values(bob));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            expected.add("a" + i);
        }
        assertEquals(expected, values(bob));

        bob.drain();
        bob.change("#v", "b1");
        Await.until(() -> values(alice).contains("b1"), "alice heard bob's change");
        assertTrue(bob.drain().stream().anyMatch(m -> m instanceof Message.Ack ack && ack.serverSeq() == 21L),
                "bob's change came after alice's 20 in the one order");
    }

    @Test
    void ephemeralMessagesAndPresenceCrossNodes() throws Exception {
        HubPeer alice = new HubPeer(one, "alice", "room");
        alice.drain();
        HubPeer bob = new HubPeer(two, "bob", "room");
        Await.until(() -> seen(alice).stream().anyMatch(m -> m instanceof Message.Peer p && p.clientId().equals("bob")
                && p.event().equals("joined")), "alice, on node one, was told bob joined node two");

        bob.send(new Message.Ephemeral("cursor", java.util.Map.of("x", 3L), null));
        Await.until(() -> seen(alice).stream().anyMatch(m -> m instanceof Message.Ephemeral e && "bob".equals(e.source())),
                "bob's cursor reached alice: " + seen(alice));
    }

    @Test
    void aMemberJoiningANodeLaterIsToldWhoIsOnTheOthers() throws Exception {
        HubPeer alice = new HubPeer(one, "alice", "room", null);
        // Node two takes the room up only now: it asks, node one answers with alice.
        HubPeer bob = new HubPeer(two, "bob", "room");
        Await.until(() -> seen(bob).stream().anyMatch(m -> m instanceof Message.Peer p && p.clientId().equals("alice")),
                "bob, the first on node two, was told alice is on node one: " + seen(bob));
        HubPeer carol = new HubPeer(two, "carol", "room");
        assertTrue(seen(carol).stream().anyMatch(m -> m instanceof Message.Peer p && p.clientId().equals("alice")
                && p.event().equals("present")), "carol, joining node two later, hears of alice at once: " + seen(carol));
        long joinedAlice = seen(bob).stream().filter(m -> m instanceof Message.Peer p && p.clientId().equals("alice"))
                .count();
        assertEquals(1, joinedAlice, "told once, not again at every roster answer");
        Await.until(() -> seen(alice).stream().anyMatch(m -> m instanceof Message.Peer p && p.clientId().equals("carol")
                && p.event().equals("joined")), "alice, on node one, heard carol join node two");
    }

    @Test
    void aNodeWhoseBackplaneIsGoneIsNotReady() {
        assertEquals(List.of(), one.unready());
        backplanes.get(0).close();
        assertEquals(List.of("backplane: not connected"), one.unready(), "GET /ready answers 503 with this reason");
    }

    @Test
    void aNodeThatLosesRedisServesItsOwnClientsAndIsFollowedAgainWhenRedisReturns() throws Exception {
        try (CuttableProxy path = new CuttableProxy(RealRedis.REDIS_HOST, RealRedis.REDIS_PORT)) {
            Hub three = node("redis://127.0.0.1:" + path.port()); // its way to Redis goes through the path
            HubPeer alice = new HubPeer(three, "alice", "room");
            HubPeer carol = new HubPeer(three, "carol", "room");
            HubPeer bob = new HubPeer(two, "bob", "room");
            for (HubPeer p : List.of(alice, carol, bob)) {
                p.entangle("#v", "*", Mode.BIDIRECTIONAL);
            }

            path.cut();
            Await.until(() -> !three.unready().isEmpty(), "node three knows its backplane is gone");
            alice.change("#v", "during");
            long during = alice.seq;
            Await.until(() -> seen(alice).stream().anyMatch(m -> m instanceof Message.Ack ack && ack.seq() == during),
                    "still acknowledged: the log is up");
            Await.until(() -> values(carol).equals(List.of("during")), "its own clients are served as ever: " + values(carol));
            two.followMissedMoves(); // the sweep on node two, every second
            Await.until(() -> values(bob).equals(List.of("during")), "node two caught up from the log");

            path.restore();
            Await.until(() -> three.unready().isEmpty(), "Lettuce reconnected by itself");
            alice.change("#v", "after");
            Await.until(() -> values(bob).contains("after"), "moves reach node two through Redis again, no sweep needed");
        }
    }

    @Test
    void aClientMovingToAnotherNodeNeitherLeavesNorJoinsAndKeepsItsToken() throws Exception {
        Hub first = node(RealRedis.redisOrSkip(), 500); // a short grace: it would release her token soon
        HubPeer alice = new HubPeer(first, "alice", "room");
        alice.send(new Message.Entangle(++alice.seq, "#speed", "*", Mode.BIDIRECTIONAL, null, null, true, true));
        alice.drain();
        HubPeer bob = new HubPeer(two, "bob", "room");
        Await.until(() -> seen(bob).stream().anyMatch(m -> m instanceof Message.Peer p && p.clientId().equals("alice")),
                "bob knows alice, on node one");
        bob.outlet.frames.clear();

        first.closed(alice.connection); // her node's connection drops; she holds a persistent binding and a token
        HubPeer moved = new HubPeer(two, "alice", "room");
        moved.send(new Message.Entangle(++moved.seq, "#speed", "*", Mode.BIDIRECTIONAL, null, null, true, true));
        moved.drain();
        Thread.sleep(1_000); // past the first node's grace, had it still expected her back
        first.sweep();
        moved.change("#speed", "still mine");
        assertTrue(moved.drain().stream().anyMatch(m -> m instanceof Message.Ack),
                "alice kept her token: the first node heard she is on node two, and did not release it");
        assertTrue(seen(bob).stream().noneMatch(m -> m instanceof Message.Peer p && p.clientId().equals("alice")),
                "bob saw alice neither leave nor join: " + seen(bob));
    }

    @Test
    void theClientsOfANodeThatWentSilentAreGoneAfterTheirGraceAndTheirTokensFree() throws Exception {
        Hub survivor = node(RealRedis.redisOrSkip(), 500); // a short grace, for the test
        HubPeer alice = new HubPeer(one, "alice", "room");
        alice.send(new Message.Entangle(++alice.seq, "#speed", "*", Mode.BIDIRECTIONAL, null, null, true, false));
        alice.drain();
        HubPeer bob = new HubPeer(survivor, "bob", "room");
        Await.until(() -> seen(bob).stream().anyMatch(m -> m instanceof Message.Peer p && p.clientId().equals("alice")),
                "bob knows alice, on node one");

        backplanes.get(0).close(); // node one falls silent: no goodbye, no more heartbeats
        Await.until(() -> {
            survivor.sweep(); // every second on a real node
            return seen(bob).stream().anyMatch(m -> m instanceof Message.Peer p && p.clientId().equals("alice")
                    && p.event().equals("left"));
        }, "alice is gone for bob once node one is silent past its grace");
        bob.drain();
        bob.send(new Message.Entangle(++bob.seq, "#speed", "*", Mode.BIDIRECTIONAL, null, null, true, false));
        bob.drain();
        bob.send(new Message.Own(++bob.seq, "#speed", "request", null));
        bob.drain();
        bob.change("#speed", "mine now");
        List<Message> answers = bob.drain();
        assertTrue(answers.stream().anyMatch(m -> m instanceof Message.Ack), "alice's token was released: bob"
                + " took it and changed the value: " + answers);
    }

    @Test
    void aNodeThatWasOnlySilentAWhileFindsItsMembersStillThere() throws Exception {
        try (CuttableProxy path = new CuttableProxy(RealRedis.REDIS_HOST, RealRedis.REDIS_PORT)) {
            Hub paused = node("redis://127.0.0.1:" + path.port()); // its way to Redis goes through the path
            HubPeer alice = new HubPeer(paused, "alice", "room");
            HubPeer bob = new HubPeer(two, "bob", "room");
            Await.until(() -> seen(bob).stream().anyMatch(m -> m instanceof Message.Peer p && p.clientId().equals("alice")),
                    "bob knows alice, on the other node");
            Room room = two.roomForHttp("room");

            path.cut(); // silent past the 3.5 s a node is given
            Await.until(() -> room.pipeline().settled(() -> room.awayClients().contains("alice")),
                    "node two takes alice's node as gone: she is away for her grace period");
            path.restore();
            Await.until(() -> room.pipeline().settled(() -> !room.awayClients().contains("alice")),
                    "heard again, her node answers who is on it: alice is found, no longer expected back");
            two.sweep();
            assertTrue(seen(bob).stream().noneMatch(m -> m instanceof Message.Peer p && p.clientId().equals("alice")
                    && p.event().equals("left")), "bob never saw alice leave: " + seen(bob));
        }
    }

    @Test
    void aMoveRedisNeverCarriedIsCaughtUpByTheSweep() throws Exception {
        HubPeer bob = new HubPeer(two, "bob", "room");
        bob.entangle("#v", "*", Mode.BIDIRECTIONAL);
        // A third node on the same log that is not on the backplane at all: its moves are never announced.
        Hub silent = new Hub(new HubConfig(), shared);
        HubPeer carol = new HubPeer(silent, "carol", "room");
        carol.entangle("#v", "*", Mode.BIDIRECTIONAL);
        carol.change("#v", "unannounced");
        assertEquals(List.of(), values(bob), "nothing told node two");

        two.followMissedMoves(); // what the sweep does every second on a node of a shared log
        Await.until(() -> values(bob).equals(List.of("unannounced")), "bob heard carol's change from the log");
    }
}
