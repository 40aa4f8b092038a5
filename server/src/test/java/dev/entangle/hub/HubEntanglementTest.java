package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.hub.store.MemoryEventLog;
import dev.entangle.hub.store.SqliteEventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets, meshes, attribute lists, ownership tokens, grace periods and awareness, on the hub alone. */
class HubEntanglementTest {
    private final MovableClock clock = new MovableClock();
    private final MemoryEventLog events = new MemoryEventLog();
    private Hub hub = new Hub(config(), events, clock);

    private static HubConfig config() {
        HubConfig config = new HubConfig();
        config.sessionGraceMillis = 10_000;
        config.activityKept = 0; // these tests count the events logged: no activity entries of the hub's own
        return config;
    }

    private HubPeer join(String clientId, String... teams) {
        HubPeer peer = new HubPeer(hub, new Message.Hello(clientId, "demo", clientId + "-page", null,
                teams.length == 0 ? null : List.of(teams)));
        assertInstanceOf(Message.Welcome.class, peer.next());
        return peer;
    }

    private static void bind(HubPeer peer, String selector, String to, Mode mode, List<String> attributes,
            List<String> ignore, boolean owned, boolean persistent) {
        peer.send(new Message.Entangle(++peer.seq, selector, to, mode, attributes, ignore, owned, persistent));
        List<Message> replies = peer.drain();
        assertInstanceOf(Message.Ack.class, replies.get(replies.size() - 1), replies.toString());
    }

    private static void send(HubPeer peer, MutationKind kind, String name, String value) {
        peer.send(new Message.Mutation(new MutationVector("#x", kind, name, null, value, peer.clientId, ++peer.seq, 1),
                null));
    }

    @Test
    void aPatternTargetReachesMatchingClientsIncludingOnesThatJoinLater() {
        HubPeer alice = join("user-alice");
        HubPeer admin = join("admin-root");
        alice.entangle("#x", "user-*", Mode.BIDIRECTIONAL);
        admin.entangle("#x", "*", Mode.BIDIRECTIONAL);
        HubPeer bob = join("user-bob"); // joins after alice bound: resolved when the change arrives
        bob.entangle("#x", "*", Mode.BIDIRECTIONAL);
        alice.change("#x", "1");
        assertEquals(List.of("1"), bob.valuesReceived());
        assertEquals(List.of(), admin.valuesReceived(), "admin-root does not match user-*");
    }

    @Test
    void aTeamTargetReachesTheTeamsMembersAsDeclaredInHello() {
        HubPeer lead = join("lead", "red");
        HubPeer red = join("ann", "red", "blue");
        HubPeer blue = join("ben", "blue");
        lead.entangle("#x", "team:red", Mode.BIDIRECTIONAL);
        red.entangle("#x", "*", Mode.BIDIRECTIONAL);
        blue.entangle("#x", "*", Mode.BIDIRECTIONAL);
        lead.change("#x", "go");
        assertEquals(List.of("go"), red.valuesReceived());
        assertEquals(List.of(), blue.valuesReceived());
        assertEquals(List.of("red", "blue"), lead.peers().stream().filter(p -> p.clientId().equals("ann"))
                .findFirst().orElseThrow().teams());
    }

    @Test
    void aReceiverOnlyTakesChangesFromTheClientsItsOwnTargetNames() {
        HubPeer alice = join("alice");
        HubPeer bob = join("bob");
        HubPeer carol = join("carol");
        alice.entangle("#x", "*", Mode.BIDIRECTIONAL);
        carol.entangle("#x", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#x", "carol", Mode.BIDIRECTIONAL);
        alice.change("#x", "from alice");
        carol.change("#x", "from carol");
        assertEquals(List.of("from carol"), bob.valuesReceived(), "bob bound his element to carol's only");
    }

    @Test
    void aMeshReachesEveryMemberAndRefusesAClientOutsideIt() {
        List<HubPeer> members = List.of(join("alice"), join("bob"), join("carol"));
        HubPeer dave = join("dave");
        for (HubPeer member : members) {
            member.entangle("#x", "alice,bob,carol", Mode.MESH);
        }
        dave.send(new Message.Entangle(1, "#x", "alice,bob,carol", Mode.MESH));
        Message.Error error = dave.error();
        assertEquals(ErrorCode.NOT_MEMBER, error.code());
        dave.entangle("#x", "*", Mode.BIDIRECTIONAL); // an outsider binding the selector another way...
        members.get(1).change("#x", "on");
        assertEquals(List.of("on"), members.get(0).valuesReceived());
        assertEquals(List.of("on"), members.get(2).valuesReceived());
        assertEquals(List.of(), dave.valuesReceived(), "...hears nothing: the mesh's targets leave it out");
    }

    @Test
    void changesOutsideTheAttributeListsAreRefusedAndNotRelayed() {
        HubPeer alice = join("alice");
        HubPeer bob = join("bob");
        bind(alice, "#x", "*", Mode.BIDIRECTIONAL, List.of("value", "class"), null, false, false);
        bind(bob, "#x", "*", Mode.BIDIRECTIONAL, null, List.of("class"), false, false);
        send(alice, MutationKind.ATTRIBUTE, "title", "not on alice's list");
        assertEquals(ErrorCode.ATTRIBUTE_NOT_ALLOWED, alice.error().code());
        send(alice, MutationKind.ATTRIBUTE, "class", "big");
        assertInstanceOf(Message.Ack.class, alice.next());
        send(alice, MutationKind.PROPERTY, "value", "5");
        assertInstanceOf(Message.Ack.class, alice.next());
        assertEquals(List.of("5"), bob.valuesReceived(), "bob ignores class");
        assertEquals(1L, hub.stats().rejectedByCode().get("attribute_not_allowed"));
    }

    @Test
    void anUnsafeChildListIsRefused() {
        HubPeer alice = join("alice");
        HubPeer bob = join("bob");
        alice.entangle("#x", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#x", "*", Mode.BIDIRECTIONAL);
        for (String list : List.of("[{\"tag\":\"script\",\"children\":[\"alert(1)\"]}]",
                "[{\"tag\":\"li\",\"attrs\":{\"onclick\":\"alert(1)\"}}]",
                "[{\"tag\":\"a\",\"attrs\":{\"href\":\"javascript:alert(1)\"}}]",
                "[{\"tag\":\"iframe\",\"attrs\":{\"srcdoc\":\"<script>alert(1)</script>\"}}]",
                "<li>markup</li>")) {
            send(alice, MutationKind.CHILDREN, null, list);
            assertEquals(ErrorCode.UNSAFE_MUTATION, alice.error().code(), list);
        }
        send(alice, MutationKind.CHILDREN, null, "[{\"tag\":\"li\",\"attrs\":{\"class\":\"done\"},\"children\":[\"milk\"]}]");
        assertInstanceOf(Message.Ack.class, alice.next());
        assertEquals(1, bob.valuesReceived().size());
    }

    @Test
    void onlyTheHolderOfAnOwnedBindingMayChangeItAndTheTokenMovesOnlyAsTheHubSays() {
        HubPeer alice = join("alice");
        HubPeer bob = join("bob");
        bind(alice, "#x", "*", Mode.BIDIRECTIONAL, null, null, true, false);
        bob.send(new Message.Entangle(++bob.seq, "#x", "*", Mode.BIDIRECTIONAL, null, null, true, false));
        List<Message> replies = bob.drain();
        assertEquals(new Message.Ownership("#x", "alice", null), replies.get(0), "bob learns alice holds it");

        bob.change("#x", "mine now?");
        assertEquals(ErrorCode.NOT_OWNER, bob.error().code());
        alice.change("#x", "42");
        assertInstanceOf(Message.Ack.class, alice.next());
        assertEquals(List.of("42"), bob.valuesReceived());

        bob.send(new Message.Own(++bob.seq, "#x", "request", null));
        assertEquals(ErrorCode.NOT_OWNER, bob.error().code());
        assertEquals(List.of(new Message.OwnershipRequest("#x", "bob")), alice.drain());
        bob.send(new Message.Own(++bob.seq, "#x", "transfer", "bob"));
        assertEquals(ErrorCode.NOT_OWNER, bob.error().code(), "only the holder transfers");

        alice.send(new Message.Own(++alice.seq, "#x", "transfer", "bob"));
        assertInstanceOf(Message.Ack.class, alice.next());
        assertEquals(new Message.Ownership("#x", "bob", "alice"), alice.next());
        assertEquals(List.of(new Message.Ownership("#x", "bob", "alice")), bob.drain());
        bob.change("#x", "7");
        assertInstanceOf(Message.Ack.class, bob.next());
        assertEquals(List.of("7"), alice.valuesReceived());
        alice.change("#x", "8");
        assertEquals(ErrorCode.NOT_OWNER, alice.error().code());

        bob.send(new Message.Own(++bob.seq, "#x", "release", null));
        assertInstanceOf(Message.Ack.class, bob.next());
        alice.drain();
        alice.change("#x", "9");
        assertEquals(ErrorCode.NOT_OWNER, alice.error().code(), "released: nobody may write until someone requests it");
        alice.send(new Message.Own(++alice.seq, "#x", "request", null));
        assertInstanceOf(Message.Ack.class, alice.next());
        assertEquals(new Message.Ownership("#x", "alice", null), alice.next());
    }

    @Test
    void ownershipIsDurableAcrossARestart(@TempDir Path data) {
        hub = new Hub(config(), SqliteEventLog.open(data), clock);
        HubPeer alice = join("alice");
        bind(alice, "#x", "*", Mode.BIDIRECTIONAL, null, null, true, false);
        alice.send(new Message.Own(++alice.seq, "#x", "release", null));
        alice.send(new Message.Own(++alice.seq, "#x", "request", null));
        // A restart without a graceful stop (no snapshot, the old log never closed): only what was logged survives.
        hub = new Hub(config(), SqliteEventLog.open(data), clock);
        HubPeer bob = join("bob");
        bob.send(new Message.Entangle(++bob.seq, "#x", "*", Mode.BIDIRECTIONAL));
        assertEquals(new Message.Ownership("#x", "alice", null), bob.drain().get(0));
        bob.change("#x", "1");
        assertEquals(ErrorCode.NOT_OWNER, bob.error().code());
        clock.advance(Duration.ofSeconds(11));
        hub.sweep(); // alice did not come back within the grace period: her token is released
        bob.drain();
        bob.send(new Message.Own(++bob.seq, "#x", "request", null));
        assertInstanceOf(Message.Ack.class, bob.next());
    }

    @Test
    void aClientThatLeavesReleasesItsTokensAndTheRoomIsTold() {
        HubPeer alice = join("alice");
        HubPeer bob = join("bob");
        bind(alice, "#x", "*", Mode.BIDIRECTIONAL, null, null, true, false);
        bob.entangle("#x", "*", Mode.BIDIRECTIONAL);
        assertEquals(List.of(new Message.Peer("present", "alice", List.of())), bob.peers());
        assertEquals(List.of(new Message.Peer("joined", "bob", List.of())), alice.peers());
        hub.closed(alice.connection);
        assertEquals(List.of(new Message.Ownership("#x", null, "alice")), bob.drain());
        assertEquals(new Message.Peer("left", "alice", null), bob.peers().get(1));
    }

    @Test
    void persistentBindingsAndTokensWaitThroughAReloadWithinTheGracePeriod() {
        HubPeer alice = join("alice");
        HubPeer bob = join("bob");
        bind(alice, "#x", "*", Mode.BIDIRECTIONAL, null, null, true, true);
        bind(alice, "#other-page-only", "*", Mode.BIDIRECTIONAL, null, null, false, true);
        bob.entangle("#x", "*", Mode.BIDIRECTIONAL);
        hub.closed(alice.connection); // a reload
        assertEquals(List.of(), bob.drain(), "no ownership change");
        assertEquals(1, bob.peers().size(), "and no leave: only alice's 'present'");

        HubPeer reloaded = join("alice");
        assertEquals(List.of(new Message.Peer("present", "bob", List.of())), reloaded.peers());
        assertEquals(1, bob.peers().size(), "no 'joined' either");
        bind(reloaded, "#x", "*", Mode.BIDIRECTIONAL, null, null, true, true); // the new page binds #x again
        reloaded.change("#x", "still mine");
        assertInstanceOf(Message.Ack.class, reloaded.next());
        assertEquals(List.of("still mine"), bob.valuesReceived());

        clock.advance(Duration.ofSeconds(11));
        hub.sweep();
        assertEquals(1, hub.entanglementCount() - 1, "#other-page-only, not bound again by the new page, is gone");

        hub.closed(reloaded.connection);
        clock.advance(Duration.ofSeconds(11));
        hub.sweep();
        assertEquals(List.of(new Message.Ownership("#x", null, "alice")), bob.drain());
        assertEquals(new Message.Peer("left", "alice", null), bob.peers().get(bob.peers().size() - 1));
        assertEquals(1, hub.entanglementCount(), "only bob's binding is left");
    }

    @Test
    void aLaterBinderGetsOnlyTheValuesItsTargetAndListsAllow() {
        HubPeer alice = join("alice");
        HubPeer carol = join("carol");
        alice.entangle("#x", "*", Mode.BIDIRECTIONAL);
        carol.entangle("#x", "*", Mode.BIDIRECTIONAL);
        send(alice, MutationKind.ATTRIBUTE, "class", "big");
        send(alice, MutationKind.PROPERTY, "value", "3");
        HubPeer bob = join("bob");
        bob.send(new Message.Entangle(++bob.seq, "#x", "alice", Mode.BIDIRECTIONAL, List.of("value"), null, false,
                false));
        List<Message> replies = bob.drain();
        assertEquals(2, replies.size(), replies.toString());
        assertEquals("3", ((Message.Mutation) replies.get(0)).vector().newValue());
        assertNull(hub.stats().rejectedByCode().get("attribute_not_allowed"));
        assertTrue(replies.get(1) instanceof Message.Ack);
    }

    @Test
    void aBatchIsCheckedItemByItemLoggedTogetherAndRelayedAsOneFrame() {
        HubPeer alice = join("alice");
        HubPeer bob = join("bob");
        for (String selector : List.of("#a", "#b")) {
            alice.entangle(selector, "*", Mode.BIDIRECTIONAL);
            bob.entangle(selector, "*", Mode.BIDIRECTIONAL);
        }
        long before = events.size();
        alice.send(new Message.MutationBatch(List.of(
                new Message.Mutation(HubPeer.vector("#a", "1", "alice", 11), null),
                new Message.Mutation(HubPeer.vector("#nope", "x", "alice", 12), null),
                new Message.Mutation(HubPeer.vector("#b", "2", "alice", 13), null),
                new Message.Mutation(HubPeer.vector("#a", "3", "alice", 14), null))));
        assertEquals(ErrorCode.NOT_ENTANGLED, alice.error().code());
        assertEquals(new Message.Acks(List.of(new Message.Ack(11, 1L), new Message.Ack(13, 1L), new Message.Ack(14, 2L))),
                alice.next());
        assertEquals(3, events.size() - before, "each accepted change is logged");
        List<Message> received = bob.drain();
        assertEquals(1, received.size(), "one frame for bob");
        assertEquals(List.of("1", "2", "3"), ((Message.MutationBatch) received.get(0)).items().stream()
                .map(m -> m.vector().newValue()).toList());
    }
}
