package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.hub.store.AppendOutcome;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.EventLogException;
import dev.entangle.hub.store.MemoryEventLog;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The room pipeline: a busy room's changes that arrive while a round is being written go into the
 * next round together; nobody reads staged state; acknowledgements and relays follow the order of
 * sequence numbers, strictly after the write that holds them; a failed write undoes its round.
 */
class RoomPipelineTest {

    /** A memory log whose writes can be held at the door (as a slow disk would) or made to fail. */
    private static final class SlowDisk implements EventLog {
        private final MemoryEventLog memory = new MemoryEventLog();
        final List<Integer> transactions = new CopyOnWriteArrayList<>();
        volatile CountDownLatch held = new CountDownLatch(0);
        volatile CountDownLatch arrived = new CountDownLatch(0);
        volatile boolean full;

        /** The next write waits until {@link #release}. */
        void holdNextWrite() {
            arrived = new CountDownLatch(1);
            held = new CountDownLatch(1);
        }

        void release() {
            held.countDown();
        }

        void awaitWriteStarted() throws InterruptedException {
            assertTrue(arrived.await(10, TimeUnit.SECONDS), "a write began");
        }

        @Override
        public List<AppendOutcome> commit(List<Append> appends) {
            arrived.countDown();
            try {
                held.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (full) {
                throw new EventLogException("disk full", null);
            }
            int events = 0;
            for (Append append : appends) {
                events += append.events().size();
            }
            transactions.add(events);
            return memory.commit(appends);
        }

        @Override
        public long lastPosition(String room) {
            return memory.lastPosition(room);
        }

        @Override
        public void snapshot(RoomSnapshot snapshot, long position) {
            memory.snapshot(snapshot, position);
        }

        @Override
        public void replay(Recovery into) {
            memory.replay(into);
        }

        @Override
        public void load(String room, Recovery into) {
            memory.load(room, into);
        }

        @Override
        public long size() {
            return memory.size();
        }

        @Override
        public String epoch() {
            return memory.epoch();
        }

        @Override
        public void close() {
        }
    }

    private final SlowDisk disk = new SlowDisk();
    private final Hub hub = new Hub(withoutActivity(), disk);

    /** These tests count the events of each transaction: no activity entries of the hub's own among them. */
    private static HubConfig withoutActivity() {
        HubConfig config = new HubConfig();
        config.activityKept = 0;
        return config;
    }

    /** Sends on its own thread: the sender whose change starts the round stays with it while it is written. */
    private static CompletableFuture<Void> sendAside(Runnable send) {
        return CompletableFuture.runAsync(send);
    }

    private static List<Long> ackedSeqs(HubPeer peer) {
        List<Long> out = new ArrayList<>();
        for (Message m : peer.drain()) {
            if (m instanceof Message.Ack ack && ack.serverSeq() != null) {
                out.add(ack.serverSeq());
            }
        }
        return out;
    }

    @Test
    void changesArrivingWhileARoundIsWrittenShareTheNextTransaction() throws Exception {
        HubPeer first = new HubPeer(hub, "first", "busy");
        List<HubPeer> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(new HubPeer(hub, "p" + i, "busy"));
        }
        HubPeer watcher = new HubPeer(hub, "watcher", "busy");
        first.entangle("#v", "*", Mode.BIDIRECTIONAL);
        watcher.entangle("#v", "*", Mode.BIDIRECTIONAL);
        for (HubPeer p : others) {
            p.entangle("#v", "*", Mode.BIDIRECTIONAL);
        }
        first.drain();
        watcher.drain();
        int before = disk.transactions.size();

        disk.holdNextWrite();
        CompletableFuture<Void> writing = sendAside(() -> first.change("#v", "first"));
        disk.awaitWriteStarted();
        for (HubPeer p : others) {
            p.change("#v", p.clientId); // returns at once: the room is not held across the write
        }
        assertEquals(List.of(), watcher.valuesReceived(), "nothing is relayed before it is durable");
        disk.release();
        writing.get(10, TimeUnit.SECONDS);
        // Every other peer: the first change, its ack, and the second round's relay.
        Await.until(() -> watcher.outlet.frames.size() >= 2 && first.outlet.frames.size() >= 2
                && others.stream().allMatch(p -> p.outlet.frames.size() >= 3), "both rounds were relayed");

        assertEquals(List.of(1, 20), disk.transactions.subList(before, disk.transactions.size()),
                "the 20 changes that came during the first write went into one transaction");
        assertEquals(2, watcher.outlet.frames.size(), "one frame a round, not one a change: " + watcher.outlet.frames);
        String watchersRound = List.copyOf(watcher.outlet.frames).get(1);
        assertTrue(watchersRound == List.copyOf(first.outlet.frames).get(1),
                "receivers of the same changes get the very same frame, encoded once");
        List<String> expected = new ArrayList<>(List.of("first"));
        others.forEach(p -> expected.add(p.clientId));
        assertEquals(expected, watcher.valuesReceived(), "relayed in the order of arrival");
        List<String> firstsRelays = first.outlet.frames.stream().filter(f -> f.contains("\"mutations\"")).toList();
        assertEquals(List.of(watchersRound), firstsRelays);
        for (int i = 0; i < others.size(); i++) {
            HubPeer p = others.get(i);
            List<String> fromOthers = new ArrayList<>(expected);
            fromOthers.remove(p.clientId);
            List<Message> got = p.drain();
            assertEquals(fromOthers, HubPeer.valuesIn(got, false), p.clientId + " gets everyone's changes in order but its own");
            assertEquals(List.of(i + 2L), got.stream().filter(m -> m instanceof Message.Ack).map(m -> ((Message.Ack) m)
                    .serverSeq()).toList(), "sequence numbers in arrival order");
        }
        assertEquals(List.of(1L), ackedSeqs(first));
    }

    @Test
    void aClientEntanglingDuringAWriteGetsTheChangeOnceAsItsStartingValue() throws Exception {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        alice.entangle("#v", "*", Mode.BIDIRECTIONAL);
        HubPeer carol = new HubPeer(hub, "carol", "room");
        carol.drain();

        disk.holdNextWrite();
        CompletableFuture<Void> writing = sendAside(() -> alice.change("#v", "42"));
        disk.awaitWriteStarted();
        carol.send(new Message.Entangle(++carol.seq, "#v", "*", Mode.BIDIRECTIONAL));
        assertEquals(List.of(), carol.drain(), "the entangle waits for the durable state: nothing staged is read");
        disk.release();
        writing.get(10, TimeUnit.SECONDS);
        Await.until(() -> carol.outlet.frames.size() >= 2, "carol's entangle was answered");
        List<Message> got = carol.drain();
        assertEquals(2, got.size(), got.toString());
        assertEquals("42", ((Message.Mutation) got.get(0)).vector().newValue(), "the latest value, once");
        assertInstanceOf(Message.Ack.class, got.get(1));
    }

    @Test
    void aRoundWhoseWriteFailsIsRefusedAndLeavesNoTrace() throws Exception {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        alice.entangle("#v", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#v", "*", Mode.BIDIRECTIONAL);
        alice.drain();
        bob.drain();

        disk.full = true;
        disk.holdNextWrite();
        CompletableFuture<Void> writing = sendAside(() -> alice.change("#v", "lost-1"));
        disk.awaitWriteStarted();
        bob.change("#v", "lost-2"); // staged in the next round, which fails too
        disk.release();
        writing.get(10, TimeUnit.SECONDS);
        Await.until(() -> !bob.outlet.frames.isEmpty(), "bob was answered");
        assertEquals(ErrorCode.STORAGE_FAILED, alice.error().code());
        assertEquals(ErrorCode.STORAGE_FAILED, bob.error().code());

        disk.full = false;
        alice.change("#v", "kept");
        Message.Ack ack = assertInstanceOf(Message.Ack.class, alice.next());
        assertEquals(1L, ack.serverSeq(), "the failed changes took no sequence numbers");
        assertEquals(List.of("kept"), bob.valuesReceived(), "nothing refused was ever relayed");
        HubPeer late = new HubPeer(hub, "late", "room");
        late.send(new Message.Entangle(++late.seq, "#v", "*", Mode.BIDIRECTIONAL));
        assertEquals(List.of("kept"), late.valuesReceived());
    }

    @Test
    void textOperationsStagedInOneRoundAreTransformedPastEachOther() throws Exception {
        HubPeer alice = new HubPeer(hub, "alice", "room");
        HubPeer bob = new HubPeer(hub, "bob", "room");
        HubPeer reader = new HubPeer(hub, "reader", "room");
        for (HubPeer p : List.of(alice, bob, reader)) {
            p.send(new Message.TextOpen(++p.seq, "doc", null, null));
            p.drain();
        }
        disk.holdNextWrite();
        alice.seq++;
        long aliceSeq = alice.seq;
        CompletableFuture<Void> writing = sendAside(() -> alice.send(new Message.TextOp(aliceSeq, "doc", 0,
                TextOperation.splice(0, 0, 0, "hello"), null)));
        disk.awaitWriteStarted();
        // Both based on revision 0, while alice's is still being written.
        bob.send(new Message.TextOp(++bob.seq, "doc", 0, TextOperation.splice(0, 0, 0, "A"), null));
        reader.send(new Message.TextOp(++reader.seq, "doc", 0, TextOperation.splice(0, 0, 0, "B"), null));
        disk.release();
        writing.get(10, TimeUnit.SECONDS);
        Await.until(() -> reader.outlet.frames.size() >= 3, "the reader heard everything");
        assertEquals(List.of(1L), ackedSeqs(alice));
        assertEquals(List.of(2L), ackedSeqs(bob));
        HubPeer fresh = new HubPeer(hub, "fresh", "room");
        fresh.send(new Message.TextOpen(++fresh.seq, "doc", null, null));
        Message.TextSnapshot snapshot = (Message.TextSnapshot) fresh.next();
        assertEquals(3, snapshot.revision());
        assertEquals(7, snapshot.text().length(), snapshot.text());
        assertTrue(snapshot.text().contains("hello") && snapshot.text().contains("A")
                && snapshot.text().contains("B"), snapshot.text());
        assertEquals(List.of(1, 2), disk.transactions.subList(disk.transactions.size() - 2,
                disk.transactions.size()), "bob's and the reader's operations shared one transaction");
    }
}
