package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.SqliteEventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hub started on the data of one that stopped carries on: values, documents, sequences, resends. */
class HubRestartTest {
    @TempDir
    Path data;

    private Hub start() {
        return new Hub(new HubConfig(), SqliteEventLog.open(data));
    }

    private Hub start(int snapshotEvery) {
        HubConfig config = new HubConfig();
        config.snapshotEvery = snapshotEvery;
        return new Hub(config, SqliteEventLog.open(data));
    }

    private static void type(HubPeer peer, long revision, int length, String text) {
        peer.send(new Message.TextOp(++peer.seq, "notes", revision, TextOperation.splice(length, length, 0, text), null));
    }

    @Test
    void valuesAndDocumentsSurviveARestartAndTheirSequencesContinue() {
        Hub first = start();
        HubPeer alice = new HubPeer(first, "alice", "demo");
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.change("#volume", "10");
        alice.change("#volume", "42");
        alice.drain();
        alice.send(new Message.TextOpen(++alice.seq, "notes", null, null));
        alice.drain();
        type(alice, 0, 0, "hello");
        type(alice, 1, 5, " world");
        assertEquals(2, ((Message.Ack) alice.drain().get(1)).serverSeq());
        String epoch = first.events().epoch();
        first.events().close();

        Hub second = start();
        assertEquals(epoch, second.events().epoch());
        HubPeer bob = new HubPeer(second, "bob", "demo");
        bob.send(new Message.Entangle(++bob.seq, "#volume", "*", Mode.BIDIRECTIONAL));
        Message.Mutation latest = assertInstanceOf(Message.Mutation.class, bob.next());
        assertEquals("42", latest.vector().newValue());
        assertEquals(2, latest.serverSeq());
        bob.drain();
        bob.send(new Message.TextOpen(++bob.seq, "notes", null, null));
        Message.TextSnapshot snapshot = assertInstanceOf(Message.TextSnapshot.class, bob.next());
        assertEquals("hello world", snapshot.text());
        assertEquals(2, snapshot.revision());
        bob.drain();

        HubPeer carol = new HubPeer(second, "carol", "demo");
        carol.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        carol.change("#volume", "7");
        assertEquals(3, ((Message.Ack) carol.next()).serverSeq(), "the binding's sequence carries on");
        second.events().close();
    }

    @Test
    void aClientResendingAfterARestartIsRecognisedAndCaughtUpFromItsRevision() {
        Hub first = start();
        HubPeer alice = new HubPeer(first, "alice", "demo", "tab-1");
        HubPeer bob = new HubPeer(first, "bob", "demo", "tab-9");
        for (HubPeer peer : List.of(alice, bob)) {
            peer.send(new Message.TextOpen(++peer.seq, "notes", null, null));
            peer.drain();
        }
        type(alice, 0, 0, "abc");
        long aliceSeq = alice.seq;
        type(bob, 1, 3, "d");
        String epoch = first.events().epoch();
        first.events().close(); // the hub dies before alice saw her acknowledgement

        Hub second = start();
        HubPeer aliceAgain = new HubPeer(second, "alice", "demo", "tab-1");
        aliceAgain.seq = aliceSeq + 1;
        aliceAgain.send(new Message.TextOpen(aliceAgain.seq, "notes", 0L, epoch));
        List<Message> catchUp = aliceAgain.drain();
        assertEquals(new Message.Ack(aliceSeq, 1L), catchUp.get(0), "her own commit comes back as an ack");
        Message.TextOp bobs = assertInstanceOf(Message.TextOp.class, catchUp.get(1));
        assertEquals("bob", bobs.source());
        // Her resend of the same operation is a duplicate, not a second "abc".
        aliceAgain.send(new Message.TextOp(aliceSeq, "notes", 0, TextOperation.splice(0, 0, 0, "abc"), null));
        assertEquals(new Message.Ack(aliceSeq, 1L), aliceAgain.next());
        HubPeer reader = new HubPeer(second, "reader", "demo");
        reader.send(new Message.TextOpen(++reader.seq, "notes", null, null));
        assertEquals("abcd", assertInstanceOf(Message.TextSnapshot.class, reader.next()).text());
        second.events().close();
    }

    @Test
    void aChangeTheLogCannotStoreIsRefusedNotAcknowledgedAndNotApplied() {
        EventLog failing = new FullDiskEventLog();
        Hub hub = new Hub(new HubConfig(), failing);
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.change("#volume", "42");
        assertEquals(ErrorCode.STORAGE_FAILED, alice.error().code());
        HubPeer bob = new HubPeer(hub, "bob", "demo");
        bob.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        assertEquals(List.of(), bob.valuesReceived(), "nothing unlogged was kept");
        alice.send(new Message.TextOpen(++alice.seq, "notes", null, null));
        alice.drain();
        type(alice, 0, 0, "lost?");
        assertEquals(ErrorCode.STORAGE_FAILED, alice.error().code());
        assertEquals(0L, hub.documents().get(0).get("revision"));
    }

    @Test
    void snapshotsKeepTheLogShortAndARestartFromThemLosesNothing() {
        HubConfig keepingLittle = new HubConfig();
        keepingLittle.snapshotEvery = 5;
        keepingLittle.textHistory = 5;
        keepingLittle.sessionGraceMillis = 0;
        Hub first = new Hub(keepingLittle, SqliteEventLog.open(data));
        HubPeer alice = new HubPeer(first, "alice", "demo", "tab-1");
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.send(new Message.TextOpen(++alice.seq, "notes", null, null));
        alice.drain();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            alice.change("#volume", "v" + i);
            type(alice, i, text.length(), String.valueOf(i % 10));
            text.append(i % 10);
        }
        long lastTextSeq = alice.seq;
        alice.drain();
        assertTrue(first.events().size() < 10, "events before each snapshot left the log: " + first.events().size());
        first.events().close();

        Hub second = new Hub(keepingLittle, SqliteEventLog.open(data));
        HubPeer bob = new HubPeer(second, "bob", "demo");
        bob.send(new Message.Entangle(++bob.seq, "#volume", "*", Mode.BIDIRECTIONAL));
        Message.Mutation latest = assertInstanceOf(Message.Mutation.class, bob.next());
        assertEquals("v11", latest.vector().newValue());
        assertEquals(12, latest.serverSeq());
        bob.drain();
        // Revision 2 is older than the 5 operations kept: bob gets the text, not a partial catch-up.
        bob.send(new Message.TextOpen(++bob.seq, "notes", 2L, second.events().epoch()));
        Message.TextSnapshot snapshot = assertInstanceOf(Message.TextSnapshot.class, bob.next());
        assertEquals(text.toString(), snapshot.text());
        assertEquals(12, snapshot.revision());
        assertEquals(null, snapshot.lastSeq(), "bob has committed nothing");
        bob.drain();
        // Alice's last operation, resent after the restart, is still recognised.
        HubPeer aliceAgain = new HubPeer(second, "alice", "demo", "tab-1");
        aliceAgain.send(new Message.TextOpen(lastTextSeq + 1, "notes", 12L, second.events().epoch()));
        aliceAgain.drain();
        aliceAgain.send(new Message.TextOp(lastTextSeq, "notes", 11, TextOperation.splice(11, 11, 0, "1"), null));
        assertEquals(new Message.Ack(lastTextSeq, 12L), aliceAgain.next());
        second.events().close();
    }

    @Test
    void aResumeAfterSnapshotsAndARestartGetsTheOperationsMissedNotTheWholeText() {
        Hub first = start(5);
        HubPeer alice = new HubPeer(first, "alice", "demo", "tab-1");
        HubPeer bob = new HubPeer(first, "bob", "demo", "tab-2");
        for (HubPeer peer : List.of(alice, bob)) {
            peer.send(new Message.TextOpen(++peer.seq, "notes", null, null));
            peer.drain();
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            type(alice, i, text.length(), String.valueOf(i % 10));
            text.append(i % 10);
        }
        alice.drain();
        String epoch = first.events().epoch();
        first.snapshotAll(); // as a graceful stop does
        first.events().close();

        Hub second = start(5);
        HubPeer bobAgain = new HubPeer(second, "bob", "demo", "tab-2");
        bobAgain.send(new Message.TextOpen(++bobAgain.seq, "notes", 2L, epoch));
        List<Message> catchUp = bobAgain.drain();
        assertEquals(10 + 1, catchUp.size(), "revisions 3 to 12, then the ack of the open: " + catchUp);
        for (int i = 0; i < 10; i++) {
            Message.TextOp op = assertInstanceOf(Message.TextOp.class, catchUp.get(i));
            assertEquals(3 + i, op.revision());
            assertEquals("alice", op.source());
        }
        assertEquals(new Message.Ack(bobAgain.seq, null), catchUp.get(10));
        second.events().close();
    }

    @Test
    void aWholeTextTellsItsClientWhichOfItsEditsItHolds() {
        HubConfig keepingNothing = new HubConfig();
        keepingNothing.snapshotEvery = 2;
        keepingNothing.textHistory = 0;
        keepingNothing.sessionGraceMillis = 0;
        Hub first = new Hub(keepingNothing, SqliteEventLog.open(data));
        HubPeer alice = new HubPeer(first, "alice", "demo", "tab-1");
        alice.send(new Message.TextOpen(++alice.seq, "notes", null, null));
        alice.drain();
        type(alice, 0, 0, "ab");
        type(alice, 1, 2, "cd");
        long lastCommitted = alice.seq;
        alice.drain();
        String epoch = first.events().epoch();
        first.events().close();

        Hub second = new Hub(keepingNothing, SqliteEventLog.open(data));
        HubPeer aliceAgain = new HubPeer(second, "alice", "demo", "tab-1");
        aliceAgain.seq = lastCommitted + 1;
        aliceAgain.send(new Message.TextOpen(aliceAgain.seq, "notes", 0L, epoch));
        Message.TextSnapshot whole = assertInstanceOf(Message.TextSnapshot.class, aliceAgain.next());
        assertEquals(new Message.TextSnapshot("notes", 2, "abcd", lastCommitted), whole,
                "her edits up to seq " + lastCommitted + " are in the text: she must not send them again");
        second.events().close();
    }

    @Test
    void anEditBasedOnARevisionNoLongerKeptIsRefusedAsTooOldNotAsInvalid() {
        HubConfig keepingNothing = new HubConfig();
        keepingNothing.snapshotEvery = 1;
        keepingNothing.textHistory = 0;
        keepingNothing.sessionGraceMillis = 0;
        MovableClock clock = new MovableClock();
        Hub hub = new Hub(keepingNothing, SqliteEventLog.open(data), clock);
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        HubPeer bob = new HubPeer(hub, "bob", "demo");
        for (HubPeer peer : List.of(alice, bob)) {
            peer.send(new Message.TextOpen(++peer.seq, "notes", null, null));
            peer.drain();
        }
        type(alice, 0, 0, "abc");
        clock.advance(Duration.ofSeconds(1));
        type(alice, 1, 3, "d"); // its snapshot trims revision 1, applied a second ago
        type(bob, 0, 0, "x"); // concurrent with both: revision 0 is older than anything kept
        Message.Error refused = bob.drain().stream().filter(Message.Error.class::isInstance)
                .map(Message.Error.class::cast).findFirst().orElseThrow();
        assertEquals(ErrorCode.REVISION_TOO_OLD, refused.code());
        hub.events().close();
    }

    @Test
    void aStartReadsNoRoomAndEachRoomIsReadBackOnItsOwnWhenFirstUsed() {
        Hub first = start();
        for (String room : List.of("a", "b", "c")) {
            HubPeer writer = new HubPeer(first, "writer", room);
            writer.entangle("#volume", "*", Mode.BIDIRECTIONAL);
            writer.change("#volume", "value in " + room);
            writer.drain();
            writer.outlet.frames.clear();
        }
        first.events().close();

        List<String> loaded = new java.util.ArrayList<>();
        EventLog log = SqliteEventLog.open(data);
        EventLog counting = new EventLog() {
            public long lastPosition(String room) {
                return log.lastPosition(room);
            }

            public List<dev.entangle.hub.store.AppendOutcome> commit(List<Append> appends) {
                return log.commit(appends);
            }

            public void snapshot(dev.entangle.hub.store.RoomSnapshot snapshot, long position) {
                log.snapshot(snapshot, position);
            }

            public void replay(Recovery into) {
                throw new AssertionError("a start reads no room");
            }

            public void load(String room, Recovery into) {
                loaded.add(room);
                log.load(room, into);
            }

            public long size() {
                return log.size();
            }

            public String epoch() {
                return log.epoch();
            }

            public void close() {
                log.close();
            }
        };
        Hub second = new Hub(new HubConfig(), counting);
        assertEquals(List.of(), loaded);
        assertEquals(0, second.roomCount());
        HubPeer reader = new HubPeer(second, "reader", "b");
        reader.send(new Message.Entangle(++reader.seq, "#volume", "*", Mode.BIDIRECTIONAL));
        assertEquals("value in b", assertInstanceOf(Message.Mutation.class, reader.next()).vector().newValue());
        assertEquals(List.of("b"), loaded, "only the room asked for was read");
        assertEquals(1, second.roomCount());
        second.events().close();
    }
}
