package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventLogTest extends EventLogContract {
    @TempDir
    Path data;

    @TempDir
    Path otherData;

    @Override
    protected EventLog open() {
        return SqliteEventLog.open(data.resolve("contract"));
    }

    @Override
    protected EventLog openOther() {
        return SqliteEventLog.open(otherData);
    }

    @Override
    protected EventLog reopen() {
        log.close();
        return SqliteEventLog.open(data.resolve("contract"));
    }

    private static Event value(String value, long serverSeq) {
        return new Event.ValueAccepted("demo", new MutationVector("#volume", MutationKind.PROPERTY, "value", null,
                value, "alice", serverSeq, 1_700_000_000_000L), serverSeq, Target.parse("*"));
    }

    private static Event text(long revision, String inserted) {
        return new Event.TextCommitted("demo", "notes", revision, "bob#tab-1", revision + 10,
                TextOperation.splice((int) revision - 1, (int) revision - 1, 0, inserted));
    }

    private static List<Event> replay(EventLog log) {
        return replay(log, new ArrayList<>());
    }

    /** The events replayed, after the snapshots (collected into {@code snapshots}). */
    private static List<Event> replay(EventLog log, List<RoomSnapshot> snapshots) {
        List<Event> events = new ArrayList<>();
        log.replay(new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                snapshots.add(snapshot);
            }

            @Override
            public void apply(Event event, long position) {
                events.add(event);
            }
        });
        return events;
    }

    @Test
    void eventsComeBackInOrderAfterReopeningWithTheSameEpoch() {
        List<Event> written = List.of(value("1", 1), text(1, "h"), value("quote \" emoji 😀", 2), text(2, "é"),
                new Event.ValueAccepted("demo", new MutationVector("#x", MutationKind.ATTRIBUTE, "title", "a", "b",
                        "carol", 7, 2), 3, Target.parse("bob")),
                new Event.OwnershipChanged("demo", "#speed", "alice"), new Event.OwnershipChanged("demo", "#speed", null),
                new Event.ValueAccepted("demo", new MutationVector("#list", MutationKind.CHILDREN, null, null,
                        "[{\"tag\":\"li\",\"children\":[\"milk\"]}]", "dave", 8, 3), 1,
                        Target.parse("user-*,team:red")));
        String epoch;
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            written.forEach(log::append);
            epoch = log.epoch();
            assertEquals(written.size(), log.size());
        }
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            assertEquals(epoch, log.epoch(), "the same data keeps its epoch");
            assertEquals(written.size(), log.size());
            List<Event> read = replay(log);
            assertEquals(written.size(), read.size());
            for (int i = 0; i < written.size(); i++) {
                // Target has no equals of its own: compare it by its wire form.
                assertEquals(describe(written.get(i)), describe(read.get(i)), "event " + i);
            }
        }
    }

    @Test
    void aBatchIsAppendedWholeAndReadBackInOrder() {
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            log.append(value("first", 1));
            log.appendAll(List.of(text(1, "a"), text(2, "b"), value("last", 2)));
            assertEquals(4, log.size());
            List<Event> read = replay(log);
            assertEquals(List.of("first", "revision 1", "revision 2", "last"), read.stream().map(e ->
                    e instanceof Event.ValueAccepted v ? v.vector().newValue()
                            : "revision " + ((Event.TextCommitted) e).revision()).toList());
        }
    }

    @Test
    void aSnapshotReplacesItsRoomsEventsBeforeItAndIsReplayedFirst() {
        Event other = new Event.ValueAccepted("other", new MutationVector("#x", MutationKind.PROPERTY, "value", null,
                "elsewhere", "dave", 1, 1), 1, Target.parse("*"));
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            log.append(value("1", 1));
            log.append(other);
            long position = log.append(value("2", 2));
            log.append(value("3", 3));
            RoomSnapshot snapshot = new RoomSnapshot("demo", List.of(new RoomSnapshot.Value(
                    ((Event.ValueAccepted) value("2", 2)).vector(), 2, Target.parse("*"))),
                    List.of(new RoomSnapshot.Doc("notes", 4, "abcd", java.util.Map.of("bob#tab-1", new long[] {9, 4}))),
                    java.util.Map.of("#speed", "alice", "#free", ""), null);
            log.snapshot(snapshot, position);
            assertEquals(2, log.size(), "the room's two events before the snapshot left the log");
        }
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            List<RoomSnapshot> snapshots = new ArrayList<>();
            List<Event> events = replay(log, snapshots);
            assertEquals(1, snapshots.size());
            RoomSnapshot read = snapshots.get(0);
            assertEquals("2", read.values().get(0).vector().newValue());
            assertEquals("abcd", read.docs().get(0).text());
            assertEquals(9, read.docs().get(0).seen().get("bob#tab-1")[0]);
            assertEquals(java.util.Map.of("#speed", "alice", "#free", ""), read.owners());
            assertEquals(List.of("elsewhere", "3"), events.stream()
                    .map(e -> ((Event.ValueAccepted) e).vector().newValue()).toList());
        }
    }

    @Test
    void positionsAreNeverReusedEvenAfterCompactionEmptiedTheLog() {
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            long first = log.append(value("1", 1));
            log.snapshot(new RoomSnapshot("demo", List.of(), List.of()), first);
            assertEquals(0, log.size());
            assertTrue(log.append(value("2", 2)) > first, "a new event comes after the snapshot");
        }
    }

    @Test
    void anotherDataDirectoryHasAnotherEpoch(@TempDir Path other) {
        try (SqliteEventLog a = SqliteEventLog.open(data); SqliteEventLog b = SqliteEventLog.open(other)) {
            assertNotEquals(a.epoch(), b.epoch());
        }
    }

    @Test
    void aRowThatDoesNotReadBackStopsTheReplayInsteadOfBeingSkipped() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            log.append(value("1", 1));
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteEventLog.FILE_NAME));
                Statement s = db.createStatement()) {
            s.execute("INSERT INTO events (kind, room, audience, frame) VALUES ('value', 'demo', '*', '{\"type\":')");
        }
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            EventLogException e = assertThrows(EventLogException.class, () -> replay(log));
            assertTrue(e.getMessage().contains("event 2"), e.getMessage());
        }
    }

    private static String describe(Event event) {
        if (event instanceof Event.ValueAccepted v) {
            return v.room() + " " + v.vector() + " " + v.serverSeq() + " " + v.audience().wire();
        }
        return event.toString();
    }
}
