package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class HubLimitsTest {

    private static Hub hub(Consumer<HubConfig> settings) {
        HubConfig config = new HubConfig();
        settings.accept(config);
        config.validate();
        return new Hub(config);
    }

    private static List<ErrorCode> refusals(HubPeer peer) {
        return peer.drain().stream().filter(m -> m instanceof Message.Error).map(m -> ((Message.Error) m).code()).toList();
    }

    @Test
    void aClientOverItsMessageRateIsRefusedThenDisconnectedWhenItKeepsFlooding() {
        Hub hub = hub(c -> {
            c.messagesPerSecond = 10;
            c.burstMessages = 20;
        });
        HubPeer flooder = new HubPeer(hub, "flooder", "demo");
        HubPeer calm = new HubPeer(hub, "calm", "demo");
        for (int i = 0; i < 30; i++) {
            flooder.send(new Message.Ping(i));
        }
        List<Message> replies = flooder.drain();
        long pongs = replies.stream().filter(m -> m instanceof Message.Pong).count();
        long limited = replies.stream().filter(m -> m instanceof Message.Error e && e.code() == ErrorCode.RATE_LIMITED).count();
        assertTrue(pongs >= 19 && pongs <= 21, "the burst passes (the hello took one): " + pongs);
        assertEquals(30 - pongs, limited, "every frame past the burst is refused with rate_limited");
        assertEquals(0, flooder.outlet.closeCode, "refused, not yet disconnected");
        for (int i = 0; i < 30; i++) {
            flooder.send(new Message.Ping(i));
        }
        assertEquals(Hub.POLICY_VIOLATION, flooder.outlet.closeCode, "past a whole burst of refusals it is flooding");
        calm.send(new Message.Ping(1));
        assertInstanceOf(Message.Pong.class, calm.next(), "each client has its own budget");
        assertTrue(hub.stats().rejected(ErrorCode.RATE_LIMITED) >= 30);
    }

    @Test
    void aClientOverItsByteRateIsRefused() {
        Hub hub = hub(c -> {
            c.bytesPerSecond = 1_000;
            c.burstBytes = 64 * 1024;
        });
        HubPeer peer = new HubPeer(hub, "alice", "demo");
        peer.entangle("#notes", "*", Mode.BIDIRECTIONAL);
        String big = "x".repeat(20_000);
        for (int i = 0; i < 4; i++) {
            peer.change("#notes", big + i);
        }
        assertEquals(List.of(ErrorCode.RATE_LIMITED), refusals(peer), "three 20 kB changes fit in the 64 kB burst, the fourth not");
    }

    @Test
    void bindingsDocumentsAndRoomsAreBounded() {
        Hub hub = hub(c -> {
            c.maxBindingsPerClient = 2;
            c.maxDocumentsPerClient = 1;
            c.maxDocumentsPerRoom = 2;
            c.maxRooms = 2;
            c.maxValuesPerRoom = 3;
        });
        HubPeer alice = new HubPeer(hub, "alice", "one");
        alice.entangle("#a", "*", Mode.BIDIRECTIONAL);
        alice.entangle("#b", "*", Mode.BIDIRECTIONAL);
        alice.entangle("#a", "*", Mode.MIRROR); // rebinding the same selector is no new binding
        alice.send(new Message.Entangle(++alice.seq, "#c", "*", Mode.BIDIRECTIONAL));
        assertEquals(List.of(ErrorCode.LIMIT_REACHED), refusals(alice));

        alice.send(new Message.TextOpen(++alice.seq, "doc-1", null, null));
        alice.drain();
        alice.send(new Message.TextOpen(++alice.seq, "doc-2", null, null));
        assertEquals(List.of(ErrorCode.LIMIT_REACHED), refusals(alice), "one document per client");
        HubPeer bob = new HubPeer(hub, "bob", "one");
        bob.send(new Message.TextOpen(++bob.seq, "doc-2", null, null));
        bob.drain();
        HubPeer carol = new HubPeer(hub, "carol", "one");
        carol.send(new Message.TextOpen(++carol.seq, "doc-3", null, null));
        assertEquals(List.of(ErrorCode.LIMIT_REACHED), refusals(carol), "two documents per room");

        HubPeer dave = new HubPeer(hub, "dave", "two");
        HubPeer erin = new HubPeer(hub, new Message.Hello("erin", "three", "s"));
        assertEquals(ErrorCode.LIMIT_REACHED, erin.error().code(), "two rooms per hub");
        hub.closed(dave.connection);
        new HubPeer(hub, "erin", "three"); // room "two" had no state: forgotten when dave left, so there is room
    }

    @Test
    void valuesKeptPerRoomAreBounded() {
        Hub hub = hub(c -> c.maxValuesPerRoom = 3);
        HubPeer bob = new HubPeer(hub, "bob", "one");
        for (String selector : List.of("#v1", "#v2", "#v3", "#v4")) {
            bob.entangle(selector, "*", Mode.BIDIRECTIONAL);
        }
        for (String selector : List.of("#v1", "#v2", "#v3")) {
            bob.change(selector, "1");
        }
        bob.drain();
        bob.change("#v4", "1");
        assertEquals(List.of(ErrorCode.LIMIT_REACHED), refusals(bob), "three values per room");
        bob.change("#v1", "2");
        assertInstanceOf(Message.Ack.class, bob.next(), "a value the room already keeps can still change");
    }

    @Test
    void anOperationWithTooManyComponentsIsRefusedAndUnopenedDocumentsAreNotCreated() {
        Hub hub = hub(c -> c.maxOperationComponents = 5);
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        alice.send(new Message.TextOpen(++alice.seq, "notes", null, null));
        alice.drain();
        alice.send(new Message.TextOp(++alice.seq, "notes", 0, TextOperation.builder().insert("ab").build(), null));
        assertInstanceOf(Message.Ack.class, alice.next());
        TextOperation spread = TextOperation.builder().insert("x").retain(1).insert("y").retain(1).insert("z").build();
        assertEquals(5, spread.componentCount());
        alice.send(new Message.TextOp(++alice.seq, "notes", 1, spread, null));
        assertInstanceOf(Message.Ack.class, alice.next());
        TextOperation tooWide = TextOperation.builder().retain(1).insert("1").retain(1).insert("2").retain(1)
                .insert("3").retain(2).build();
        alice.send(new Message.TextOp(++alice.seq, "notes", 2, tooWide, null));
        assertEquals(List.of(ErrorCode.OPERATION_TOO_LARGE), refusals(alice));

        alice.send(new Message.TextCursor("never-opened", 0, 0, 0, null));
        alice.send(new Message.TextOp(++alice.seq, "never-opened-either", 0, spread, null));
        assertEquals(List.of(ErrorCode.NOT_OPEN, ErrorCode.NOT_OPEN), refusals(alice));
        assertNull(hub.documents().stream().filter(d -> !d.get("doc").equals("notes")).findAny().orElse(null),
                "writing to documents one has not opened creates none");
    }
}
