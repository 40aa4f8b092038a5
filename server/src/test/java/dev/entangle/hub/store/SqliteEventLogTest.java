package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.sync.AtomPatches;
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

    /** The schema and rows as hubs wrote them before the log had an encoding of its own: protocol frames. */
    private void writeOldFormatFile(Path directory) throws Exception {
        java.nio.file.Files.createDirectories(directory);
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(SqliteEventLog.FILE_NAME));
                Statement s = db.createStatement()) {
            s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
                    + " room TEXT NOT NULL, audience TEXT, frame TEXT NOT NULL)");
            s.execute("CREATE INDEX events_by_room ON events (room, position)");
            s.execute("CREATE TABLE snapshots (room TEXT PRIMARY KEY, position INTEGER NOT NULL, state TEXT NOT NULL)");
            s.execute("INSERT INTO meta (key, value) VALUES ('epoch', 'the-old-epoch')");
            try (var insert = db.prepareStatement("INSERT INTO events (kind, room, audience, frame) VALUES (?, ?, ?, ?)")) {
                Object[][] rows = {
                    {"value", "demo", "user-*,team:red", MessageCodec.encode(new Message.Mutation(
                            new MutationVector("#volume", MutationKind.PROPERTY, "value", null, "é😀", "alice", 3,
                                    1_700_000_000_000L), 5L))},
                    {"text", "demo", null, MessageCodec.encode(new Message.TextOp(11L, "notes", 1,
                            TextOperation.splice(0, 0, 0, "h😀"), "bob#tab-1"))},
                    {"ownership", "demo", null, MessageCodec.encode(new Message.Ownership("#speed", null, null))},
                    {"operation", "other", null, new Event.OperationApplied("other", 1, "replica-1", 2, "carol",
                            AtomPatches.NONE, 1_700_000_000_001L).toJson()},
                };
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setString(i + 1, (String) row[i]);
                    }
                    insert.executeUpdate();
                }
            }
        }
    }

    private static final List<Event> OLD_EVENTS = List.of(
            new Event.ValueAccepted("demo", new MutationVector("#volume", MutationKind.PROPERTY, "value", null, "é😀",
                    "alice", 3, 1_700_000_000_000L), 5, Target.parse("user-*,team:red")),
            new Event.TextCommitted("demo", "notes", 1, "bob#tab-1", 11, TextOperation.splice(0, 0, 0, "h😀")),
            new Event.OwnershipChanged("demo", "#speed", null),
            new Event.OperationApplied("other", 1, "replica-1", 2, "carol", AtomPatches.NONE, 1_700_000_000_001L));

    @Test
    void aDataDirectoryWrittenBeforeTheLogsOwnEncodingStillLoadsAndGoesOn() throws Exception {
        Path old = data.resolve("old");
        writeOldFormatFile(old);
        try (SqliteEventLog log = SqliteEventLog.open(old)) {
            assertEquals("the-old-epoch", log.epoch());
            assertEquals(4, log.size());
            assertEquals(OLD_EVENTS.stream().map(SqliteEventLogTest::describe).toList(),
                    replay(log).stream().map(SqliteEventLogTest::describe).toList());
            assertEquals(3, log.lastPosition("demo"));
            assertEquals(4, log.lastPosition("other"));
            assertInstanceOf(AppendOutcome.Conflicted.class, log.commit(List.of(
                    new EventLog.Append("demo", 2, List.of(value("stale", 6))))).get(0));
            assertEquals(5, log.append(value("new", 6)), "positions go on after the old rows'");
        }
        try (SqliteEventLog log = SqliteEventLog.open(old)) {
            List<Event> expected = new ArrayList<>(OLD_EVENTS);
            expected.add(value("new", 6));
            assertEquals(expected.stream().map(SqliteEventLogTest::describe).toList(),
                    replay(log).stream().map(SqliteEventLogTest::describe).toList(), "old rows and new, side by side");
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteEventLog.FILE_NAME));
                Statement s = db.createStatement();
                var r = s.executeQuery("SELECT group_concat(encoding) FROM (SELECT encoding FROM events ORDER BY position)")) {
            r.next();
            assertEquals("0,0,0,0,1", r.getString(1), "the old rows are left as they were; the new one is in the log's own");
        }
    }

    @Test
    void eventsAreStoredInTheLogsOwnEncodingNotAsProtocolFrames() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            log.commit(List.of(new EventLog.Append("demo", 0, List.of(value("1", 1), text(1, "h"),
                    new Event.OwnershipChanged("demo", "#speed", "alice")))));
        }
        List<String> rows = new ArrayList<>();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteEventLog.FILE_NAME));
                Statement s = db.createStatement();
                var r = s.executeQuery("SELECT kind, encoding, audience, frame FROM events ORDER BY position")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getInt(2) + " " + r.getString(3) + " " + r.getString(4));
            }
        }
        assertEquals(List.of(
                "value 1 null " + EventCodec.encode(value("1", 1)),
                "text 1 null " + EventCodec.encode(text(1, "h")),
                "ownership 1 null {\"kind\":\"ownership\",\"selector\":\"#speed\",\"owner\":\"alice\"}"), rows);
        assertTrue(rows.stream().noneMatch(row -> row.contains("\"type\"")), "no protocol frame: " + rows);
    }

    @Test
    void aRowOfTheLogsOwnEncodingThatDoesNotReadBackNamesItsPositionAndRoom() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            log.append(value("1", 1));
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteEventLog.FILE_NAME));
                Statement s = db.createStatement()) {
            s.execute("INSERT INTO events (kind, room, frame, encoding) VALUES ('value', 'demo',"
                    + " '{\"kind\":\"value\",\"serverSeq\":2}', 1)");
        }
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            EventLogException e = assertThrows(EventLogException.class, () -> replay(log));
            assertTrue(e.getMessage().contains("event 2 of room 'demo'") && e.getMessage().contains("missing field"),
                    e.getMessage());
        }
    }

    @Test
    void aRowInAnEncodingThisHubDoesNotKnowStopsTheReplay() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            log.append(value("1", 1));
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteEventLog.FILE_NAME));
                Statement s = db.createStatement()) {
            s.execute("UPDATE events SET encoding = 7");
        }
        try (SqliteEventLog log = SqliteEventLog.open(data)) {
            EventLogException e = assertThrows(EventLogException.class, () -> replay(log));
            assertTrue(e.getMessage().contains("event 1") && e.getMessage().contains("encoding 7"), e.getMessage());
        }
    }

    private static String describe(Event event) {
        if (event instanceof Event.ValueAccepted v) {
            return v.room() + " " + v.vector() + " " + v.serverSeq() + " " + v.audience().wire();
        }
        return event.toString();
    }
}
