package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.session.ConnectionRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubTest {
    private final Hub hub = new Hub(new HubConfig());

    /** A peer of this test's hub. */
    private final class Peer extends HubPeer {
        Peer(String clientId, String room) {
            super(hub, clientId, room);
        }
    }

    private static MutationVector vector(String selector, String value, String source, long seq) {
        return HubPeer.vector(selector, value, source, seq);
    }

    @Test
    void aChangeReachesEveryBidirectionalPeerInTheRoomAndIsAcknowledged() {
        Peer alice = new Peer("alice", "demo");
        Peer bob = new Peer("bob", "demo");
        Peer carol = new Peer("carol", "demo");
        Peer elsewhere = new Peer("dave", "other");
        for (Peer p : List.of(alice, bob, carol, elsewhere)) {
            p.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        }
        alice.change("#volume", "42");
        Message.Ack ack = assertInstanceOf(Message.Ack.class, alice.next());
        assertEquals(alice.seq, ack.seq());
        assertEquals(1L, ack.serverSeq());
        assertEquals(List.of("42"), bob.valuesReceived());
        assertEquals(List.of("42"), carol.valuesReceived());
        assertEquals(List.of(), elsewhere.valuesReceived(), "rooms are separate");
    }

    @Test
    void aChangeAddressedToOneClientReachesOnlyThatClient() {
        Peer alice = new Peer("alice", "demo");
        Peer bob = new Peer("bob", "demo");
        Peer carol = new Peer("carol", "demo");
        alice.entangle("#volume", "bob", Mode.BIDIRECTIONAL);
        bob.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        carol.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.change("#volume", "7");
        assertEquals(List.of("7"), bob.valuesReceived());
        assertEquals(List.of(), carol.valuesReceived());
    }

    @Test
    void aMirrorSendsButNeverReceives() {
        Peer source = new Peer("alice", "demo");
        Peer viewer = new Peer("bob", "demo");
        source.entangle("#volume", "*", Mode.MIRROR);
        viewer.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        source.change("#volume", "10");
        assertEquals(List.of("10"), viewer.valuesReceived());
        viewer.change("#volume", "99");
        assertEquals(List.of(), source.valuesReceived().stream().filter(v -> v != null).toList());
    }

    @Test
    void aClientThatEntanglesLaterStartsWithTheLatestValues() {
        Peer alice = new Peer("alice", "demo");
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.change("#volume", "1");
        alice.change("#volume", "2");
        alice.drain();
        Peer bob = new Peer("bob", "demo");
        bob.send(new Message.Entangle(1, "#volume", "*", Mode.BIDIRECTIONAL));
        List<Message> replies = bob.drain();
        Message.Mutation current = assertInstanceOf(Message.Mutation.class, replies.get(0));
        assertEquals("2", current.vector().newValue());
        assertEquals(2L, current.serverSeq());
        assertInstanceOf(Message.Ack.class, replies.get(1));
    }

    @Test
    void aClientCannotSendAsAnotherClient() {
        Peer mallory = new Peer("mallory", "demo");
        Peer bob = new Peer("bob", "demo");
        mallory.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        mallory.send(new Message.Mutation(vector("#volume", "1", "bob", 5), null));
        Message.Error error = mallory.error();
        assertEquals(ErrorCode.IDENTITY_MISMATCH, error.code());
        assertEquals(5L, error.seq());
        assertEquals(List.of(), bob.valuesReceived());
    }

    @Test
    void unsafeChangesAreRefusedAndNeverRelayed() {
        Peer mallory = new Peer("mallory", "demo");
        Peer bob = new Peer("bob", "demo");
        mallory.entangle("#link", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#link", "*", Mode.BIDIRECTIONAL);
        mallory.send(new Message.Mutation(new MutationVector("#link", MutationKind.ATTRIBUTE, "onclick", null,
                "alert(1)", "mallory", 1, 1), null));
        assertEquals(ErrorCode.UNSAFE_MUTATION, mallory.error().code());
        mallory.send(new Message.Mutation(new MutationVector("#link", MutationKind.ATTRIBUTE, "href", null,
                "javascript:alert(1)", "mallory", 2, 1), null));
        assertEquals(ErrorCode.UNSAFE_MUTATION, mallory.error().code());
        mallory.send(new Message.Mutation(new MutationVector("#link", MutationKind.PROPERTY, "innerHTML", null,
                "<img src=x onerror=alert(1)>", "mallory", 3, 1), null));
        assertEquals(ErrorCode.UNSAFE_MUTATION, mallory.error().code());
        assertEquals(List.of(), bob.valuesReceived());
        assertEquals(3L, hub.stats().rejectedByCode().get("unsafe_mutation"));
    }

    @Test
    void badFramesGetStableCodesAndTheHubKeepsServing() {
        Peer alice = new Peer("alice", "demo");
        Peer bob = new Peer("bob", "demo");
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        String[][] cases = {
                {"{not json", "malformed_json"},
                {"[1,2,3]", "invalid_field"},
                {"{\"type\":\"teleport\"}", "unknown_type"},
                {"{\"type\":\"entangle\",\"seq\":1}", "missing_field"},
                {"{\"type\":\"entangle\",\"seq\":\"one\",\"selector\":\"#a\",\"to\":\"*\",\"mode\":\"mirror\"}", "invalid_field"},
                {"{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#a\",\"to\":\"bad id!\",\"mode\":\"mirror\"}", "invalid_field"},
                {"{\"type\":\"welcome\",\"clientId\":\"a\",\"room\":\"r\",\"heartbeatMs\":1,\"epoch\":\"x\"}", "unknown_type"},
                {"{\"type\":\"hello\",\"clientId\":\"alice\",\"room\":\"demo\"}", "already_joined"},
                {"{\"type\":\"mutation\",\"vector\":{\"selector\":\"#nope\",\"kind\":\"property\",\"name\":\"value\","
                        + "\"newValue\":\"1\",\"source\":\"alice\",\"seq\":9,\"timestamp\":1}}", "not_entangled"},
                {"{\"type\":\"ping\",\"time\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}", "frame_too_large"},
        };
        for (String[] c : cases) {
            hub.received(alice.connection, c[0]);
            assertEquals(ErrorCode.fromWire(c[1]), alice.error().code(), c[0].substring(0, Math.min(60, c[0].length())));
        }
        alice.change("#volume", "still works");
        assertEquals(List.of("still works"), bob.valuesReceived());
    }

    @Test
    void messagesBeforeHelloAreRefused() {
        QueueOutlet outlet = new QueueOutlet();
        Connection stranger = new Connection("x", outlet);
        hub.opened(stranger);
        hub.received(stranger, MessageCodec.encode(new Message.Entangle(3, "#a", "*", Mode.MIRROR)));
        assertTrue(outlet.frames.peek().contains("\"code\":\"not_joined\""), outlet.frames.peek());
        hub.received(stranger, MessageCodec.encode(new Message.Hello("no spaces allowed", "demo", null)));
        assertTrue(outlet.frames.getLast().contains("\"code\":\"invalid_field\""), outlet.frames.getLast());
    }

    @Test
    void aReloadedClientReplacesItsOldConnection() {
        Peer first = new Peer("alice", "demo");
        first.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        Peer second = new Peer("alice", "demo");
        assertEquals(ConnectionRegistry.REPLACED, first.outlet.closeCode);
        hub.closed(first.connection); // the old socket's close arrives late: it must not unbind the new one
        second.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        Peer bob = new Peer("bob", "demo");
        bob.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        bob.change("#volume", "5");
        assertEquals(List.of("5"), second.valuesReceived());
        assertEquals(2, hub.connections().size());
    }

    @Test
    void leavingRemovesTheClientsBindings() {
        Peer alice = new Peer("alice", "demo");
        alice.entangle("#a", "*", Mode.BIDIRECTIONAL);
        alice.entangle("#b", "*", Mode.BIDIRECTIONAL);
        assertEquals(2, hub.entanglementCount());
        hub.closed(alice.connection);
        assertEquals(0, hub.entanglementCount());
        assertEquals(0, hub.connections().size());
    }

    @Test
    void aChangeIsEncodedOnceForEveryReceiverThatGetsTheSameFrame() {
        Hub hub = new Hub(new HubConfig());
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        List<HubPeer> watchers = List.of(new HubPeer(hub, "bob", "demo"), new HubPeer(hub, "carol", "demo"),
                new HubPeer(hub, "dave", "demo"));
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        for (HubPeer watcher : watchers) {
            watcher.entangle("#volume", "*", Mode.BIDIRECTIONAL);
            watcher.outlet.frames.clear();
        }
        alice.change("#volume", "42");
        String first = watchers.get(0).outlet.frames.peekLast();
        assertTrue(first.contains("\"42\""), first);
        for (HubPeer watcher : watchers) {
            assertTrue(watcher.outlet.frames.peekLast() == first, "the same string, not an equal copy");
        }
    }
}
