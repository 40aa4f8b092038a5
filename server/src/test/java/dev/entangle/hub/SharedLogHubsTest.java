package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.MemoryEventLog;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two hubs on one event log (as two nodes on one database): a round that loses the race to the
 * other hub's append is not refused but decided again once the room has followed what the other
 * wrote — values take the next sequence number, text is transformed past the other's operation, a
 * named operation runs again on the new state — and the members of each hub hear the other hub's
 * changes, in the log's order.
 */
class SharedLogHubsTest {
    private EventLog shared;
    private Hub one;
    private Hub two;

    /** The log both hubs share (here in memory; on PostgreSQL in {@link SharedPostgresLogHubsTest}). */
    protected EventLog openSharedLog() {
        return new MemoryEventLog();
    }

    @BeforeEach
    void startHubs() {
        shared = openSharedLog();
        one = new Hub(todos(), shared);
        two = new Hub(todos(), shared);
    }

    private static HubConfig todos() {
        HubConfig config = new HubConfig();
        config.register(new TodoMutators());
        config.activityKept = 0; // these tests follow each hub's changes in the log: no activity entries of the hubs' own
        return config;
    }

    @Test
    void aNamedOperationDecidedOnAStaleRoomRunsAgainOnWhatTheOtherHubApplied() {
        Room onOne = one.roomForHttp("room");
        Room onTwo = two.roomForHttp("room"); // both hold the room at state version 0
        List<OperationResult> first = one.sync().push(onOne, "alice", List.of(new PushedOperation(1, "alice",
                "addTodo", Map.of("id", "t1", "title", "milk"), 1L)));
        assertEquals(1L, first.get(0).stateVersion());
        List<OperationResult> second = two.sync().push(onTwo, "bob", List.of(new PushedOperation(1, "bob",
                "addTodo", Map.of("id", "t2", "title", "bread"), 2L)));
        assertTrue(second.get(0).success(), second.toString());
        assertEquals(2L, second.get(0).stateVersion(), "run again after following alice's: the next version, not refused");

        one.follow("room");
        for (Hub hub : List.of(one, two)) {
            Room room = hub.roomForHttp("room");
            assertEquals(2L, room.pipeline().settled(() -> hub.sync().state(room).version()));
        }
    }

    private static List<Long> acked(List<Message> messages) {
        List<Long> out = new ArrayList<>();
        for (Message m : messages) {
            if (m instanceof Message.Ack ack && ack.serverSeq() != null) {
                out.add(ack.serverSeq());
            }
        }
        return out;
    }

    /** The room's events as the shared log holds them, in order. */
    private List<Event> logged(String room) {
        List<Event> out = new ArrayList<>();
        shared.load(room, new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
            }

            @Override
            public void apply(Event event, long position) {
                out.add(event);
            }
        });
        return out;
    }

    @Test
    void aValueDecidedOnAStaleRoomIsDecidedAgainAfterFollowingTheOtherHub() {
        HubPeer alice = new HubPeer(one, "alice", "room");
        HubPeer bob = new HubPeer(two, "bob", "room");
        alice.entangle("#v", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#v", "*", Mode.BIDIRECTIONAL);

        alice.change("#v", "from-one");
        assertEquals(List.of(1L), acked(alice.drain()));
        bob.change("#v", "from-two"); // hub two still holds the room at position 0

        List<Message> bobGot = bob.drain();
        assertEquals(List.of("from-one@1"), HubPeer.valuesIn(bobGot, true), "bob hears the other hub's change first");
        assertEquals(List.of(2L), acked(bobGot), "and his own is decided again: the next sequence number, not refused");
        assertTrue(bobGot.stream().noneMatch(m -> m instanceof Message.Error), bobGot.toString());
        List<Event> log = logged("room");
        assertEquals(2, log.size());
        assertEquals(1L, ((Event.ValueAccepted) log.get(0)).serverSeq());
        assertEquals(2L, ((Event.ValueAccepted) log.get(1)).serverSeq());

        one.follow("room"); // what the backplane does when it hears that the room moved
        assertEquals(List.of("from-two@2"), HubPeer.valuesIn(alice.drain(), true), "alice hears bob's change through the log");
        HubPeer late = new HubPeer(one, "late", "room");
        late.send(new Message.Entangle(++late.seq, "#v", "*", Mode.BIDIRECTIONAL));
        assertEquals(List.of("from-two@2"), HubPeer.valuesIn(late.drain(), true), "hub one's state followed: the latest value");
    }

    @Test
    void concurrentTextEditsOnTwoHubsConvergeInTheLogsOrder() throws Exception {
        HubPeer alice = new HubPeer(one, "alice", "room");
        HubPeer bob = new HubPeer(two, "bob", "room");
        alice.send(new Message.TextOpen(++alice.seq, "doc", null, null));
        bob.send(new Message.TextOpen(++bob.seq, "doc", null, null));
        alice.drain();
        bob.drain();

        alice.send(new Message.TextOp(++alice.seq, "doc", 0, TextOperation.splice(0, 0, 0, "hello"), null));
        assertEquals(List.of(1L), acked(alice.drain()));
        // Bob typed at revision 0 too, on the other hub, which has not heard of alice's edit.
        bob.send(new Message.TextOp(++bob.seq, "doc", 0, TextOperation.splice(0, 0, 0, "AB"), null));
        List<Message> bobGot = bob.drain();
        Message.TextOp relayed = assertInstanceOf(Message.TextOp.class, bobGot.get(0), bobGot.toString());
        assertEquals(1, relayed.revision());
        assertEquals("alice", relayed.source());
        assertEquals(List.of(2L), acked(bobGot), "transformed past alice's and committed as revision 2");

        one.follow("room");
        Message.TextOp toAlice = assertInstanceOf(Message.TextOp.class, alice.next());
        assertEquals(2, toAlice.revision());
        String onOne = text(one);
        String onTwo = text(two);
        assertEquals(onOne, onTwo, "both hubs hold the same text");
        assertEquals(7, onOne.length());
        assertTrue(onOne.contains("hello") && onOne.contains("AB"), onOne);
    }

    private static String text(Hub hub) {
        HubPeer reader = new HubPeer(hub, "reader-" + System.nanoTime(), "room");
        reader.send(new Message.TextOpen(++reader.seq, "doc", null, null));
        Message.TextSnapshot snapshot = assertInstanceOf(Message.TextSnapshot.class, reader.next());
        assertEquals(2, snapshot.revision());
        return snapshot.text();
    }

    @Test
    void anOwnershipTokenTakenOnOneHubIsHeldOnTheOther() {
        HubPeer alice = new HubPeer(one, "alice", "room");
        HubPeer bob = new HubPeer(two, "bob", "room");
        alice.send(new Message.Entangle(++alice.seq, "#speed", "*", Mode.BIDIRECTIONAL, null, null, true, false));
        alice.drain();
        one.follow("room");
        two.follow("room");
        bob.send(new Message.Entangle(++bob.seq, "#speed", "*", Mode.BIDIRECTIONAL, null, null, true, false));
        bob.drain();
        bob.change("#speed", "fast");
        Message.Error refused = assertInstanceOf(Message.Error.class, bob.drain().get(0));
        assertEquals("not_owner", refused.code().wire(), "hub two knows alice holds the token: " + refused.message());
    }
}
