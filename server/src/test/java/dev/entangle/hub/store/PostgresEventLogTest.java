package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.hub.PostgresTestSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL engine keeps the contract, against the real database (each test in a schema of its
 * own), and keeps it across processes: two logs on one schema are two hub nodes.
 */
class PostgresEventLogTest extends EventLogContract {
    private final List<PostgresTestSchema> schemas = new ArrayList<>();
    /** The schema of {@link #log}. */
    private PostgresTestSchema schema;

    @BeforeAll
    static void database() {
        PostgresTestSchema.requireDatabase();
    }

    private PostgresTestSchema newSchema() {
        PostgresTestSchema created = PostgresTestSchema.create("entangle_test");
        schemas.add(created);
        return created;
    }

    @Override
    protected EventLog open() {
        schema = newSchema();
        return PostgresEventLog.open(schema.url());
    }

    @Override
    protected EventLog reopen() {
        log.close();
        return PostgresEventLog.open(schema.url());
    }

    @Override
    protected EventLog openOther() {
        return PostgresEventLog.open(newSchema().url());
    }

    @AfterEach
    void dropSchemas() {
        log.close();
        schemas.forEach(PostgresTestSchema::close);
    }

    /** One writer's try: the appends it made in one commit, and what became of each. */
    private record Attempt(EventLog.Append append, AppendOutcome outcome) {
    }

    @Test
    void twoNodesAppendingToTheSameRoomsAtOnceLeaveEachRoomOneUnbrokenChain() throws Exception {
        int writersPerNode = 3;
        int commitsPerWriter = 40;
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (EventLog other = PostgresEventLog.open(schema.url())) {
            List<EventLog> nodes = List.of(log, other);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2 * writersPerNode; w++) {
                EventLog node = nodes.get(w % 2);
                String writer = "node" + (w % 2) + "-writer" + w;
                Random random = new Random(w);
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < commitsPerWriter; i++) {
                            // Both rooms in each commit, in either order: the rooms' locks must not deadlock.
                            List<String> rooms = new ArrayList<>(List.of("x", "y"));
                            Collections.shuffle(rooms, random);
                            List<EventLog.Append> appends = new ArrayList<>();
                            for (String room : rooms) {
                                List<Event> events = new ArrayList<>();
                                for (int k = 0; k <= random.nextInt(3); k++) {
                                    events.add(value(room, writer + "-" + i + "-" + k, i));
                                }
                                appends.add(new EventLog.Append(room, node.lastPosition(room), events));
                            }
                            List<AppendOutcome> outcomes = node.commit(appends);
                            for (int a = 0; a < appends.size(); a++) {
                                attempts.add(new Attempt(appends.get(a), outcomes.get(a)));
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                writers.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread writer : writers) {
                writer.join();
            }
            assertEquals(List.of(), failures, "every commit answered: appended or a conflict, never an error");
            assertEquals(2 * 2 * writersPerNode * commitsPerWriter, attempts.size());
            for (String room : List.of("x", "y")) {
                List<Attempt> appended = attempts.stream()
                        .filter(a -> a.append().room().equals(room) && a.outcome() instanceof AppendOutcome.Appended)
                        .sorted(Comparator.comparingLong(a -> lastOf(a.outcome())))
                        .toList();
                long conflicts = attempts.stream().filter(a -> a.append().room().equals(room)
                        && a.outcome() instanceof AppendOutcome.Conflicted).count();
                assertTrue(conflicts > 0, "the writers really raced for room " + room);
                // Each append that went through expected exactly where the one before it left the room.
                long previous = 0;
                List<Event> expectedEvents = new ArrayList<>();
                List<Long> expectedPositions = new ArrayList<>();
                for (Attempt a : appended) {
                    assertEquals(previous, a.append().expectedLast(), "room " + room + " was appended to at "
                            + a.append().expectedLast() + " after it had moved to " + previous);
                    long last = lastOf(a.outcome());
                    int count = a.append().events().size();
                    for (int k = 0; k < count; k++) {
                        expectedPositions.add(last - count + 1 + k);
                    }
                    expectedEvents.addAll(a.append().events());
                    previous = last;
                }
                List<Event> loaded = new ArrayList<>();
                List<Long> positions = new ArrayList<>();
                other.load(room, new EventLog.Recovery() {
                    @Override
                    public void restore(RoomSnapshot snapshot, long position) {
                        throw new AssertionError("no snapshot was taken");
                    }

                    @Override
                    public void apply(Event event, long position) {
                        loaded.add(event);
                        positions.add(position);
                    }
                });
                assertEquals(describe(expectedEvents), describe(loaded),
                        "room " + room + " holds every appended event, in order, and nothing of a conflicting append");
                assertEquals(expectedPositions, positions, "each append's events on consecutive positions");
                assertEquals(previous, log.lastPosition(room));
                assertEquals(previous, other.lastPosition(room));
            }
        }
    }

    @Test
    void anAppendByOneNodeIsSeenByTheOtherAtOnce() {
        try (EventLog other = PostgresEventLog.open(schema.url())) {
            long before = other.lastPosition("a"); // read once, as a node that cached it would
            long theirs = lastOf(commitOne(log, "a", before, value("a", "1", 1)));
            assertEquals(theirs, other.lastPosition("a"));
            PositionConflict conflict = assertInstanceOf(AppendOutcome.Conflicted.class,
                    commitOne(other, "a", before, value("a", "mine", 1))).conflict();
            assertEquals(theirs, conflict.actual());
            List<Event> seen = new ArrayList<>();
            other.load("a", new EventLog.Recovery() {
                @Override
                public void restore(RoomSnapshot snapshot, long position) {
                }

                @Override
                public void apply(Event event, long position) {
                    seen.add(event);
                }
            });
            assertEquals(List.of(value("a", "1", 1)), seen);
        }
    }

    @Test
    void bothNodesOnOneSchemaReportItsEpoch() {
        try (EventLog other = PostgresEventLog.open(schema.url())) {
            assertEquals(log.epoch(), other.epoch());
        }
    }

    @Test
    void aReopenedLogHasItsEventsSnapshotsAndEpoch() throws Exception {
        String epoch = log.epoch();
        long first = log.append(value("a", "1", 1));
        log.append(value("b", "1", 1));
        log.snapshot(new RoomSnapshot("a", List.of(), List.of(), Map.of("#speed", "alice"), null), first);
        long later = log.append(value("a", "2", 2));
        log = reopen();
        assertEquals(epoch, log.epoch());
        Replayed replayed = replayAll(log);
        assertEquals(List.of("a@" + first), replayed.snapshots());
        assertEquals(List.of(value("b", "1", 1), value("a", "2", 2)), replayed.events());
        assertEquals(later, replayed.positions().get(1));
        assertEquals(2, log.size());
    }

    @Test
    void aSnapshotOlderThanTheStoredOneDoesNotReplaceIt() {
        long old = log.append(value("a", "1", 1));
        long newer = log.append(value("a", "2", 2));
        long after = log.append(value("a", "3", 3));
        try (EventLog other = PostgresEventLog.open(schema.url())) {
            log.snapshot(new RoomSnapshot("a", List.of(), List.of(), Map.of("#speed", "newer"), null), newer);
            // Another node, whose copy of the room was behind, snapshots it later.
            other.snapshot(new RoomSnapshot("a", List.of(), List.of(), Map.of("#speed", "older"), null), old);
        }
        List<String> restored = new ArrayList<>();
        List<Long> applied = new ArrayList<>();
        log.load("a", new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                restored.add(snapshot.owners().get("#speed") + "@" + position);
            }

            @Override
            public void apply(Event event, long position) {
                applied.add(position);
            }
        });
        assertEquals(List.of("newer@" + newer), restored);
        assertEquals(List.of(after), applied, "nothing the newer snapshot covers is missing");
    }

    @Test
    void flywayBuildsAnEmptySchemaAndDoesNothingTheSecondTime() throws Exception {
        PostgresTestSchema empty = newSchema();
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(empty.url());
        int migrations = Flyway.configure().dataSource(source).locations(PostgresEventLog.MIGRATIONS).load()
                .info().all().length;
        assertTrue(migrations >= 1, "the migrations are on the class path");
        assertEquals(migrations, PostgresEventLog.migrate(source));
        assertEquals(List.of("events", "flyway_schema_history", "meta", "rooms", "snapshots"), tablesOf(empty));
        String epoch;
        try (EventLog first = PostgresEventLog.open(empty.url())) {
            epoch = first.epoch();
            first.append(value("a", "1", 1));
        }
        assertEquals(0, PostgresEventLog.migrate(source), "nothing left to migrate");
        try (EventLog again = PostgresEventLog.open(empty.url())) {
            assertEquals(epoch, again.epoch(), "a second migration made no new epoch");
            assertEquals(1, again.size());
        }
    }

    private static List<String> tablesOf(PostgresTestSchema schema) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                        + schema.name() + "' ORDER BY table_name")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }

    @Test
    void aDatabaseThatWouldAcknowledgeBeforeFlushingIsRefused() {
        EventLogException refused = assertThrows(EventLogException.class,
                () -> PostgresEventLog.open(schema.url() + "&options=-c%20synchronous_commit=off"));
        assertTrue(refused.getMessage().contains("synchronous_commit off"), refused.getMessage());
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsAnErrorSayingWhereButNotThePassword() {
        EventLogException e = assertThrows(EventLogException.class,
                () -> PostgresEventLog.open("jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2"));
        assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:1/test"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aSchemaThatDoesNotExistYetIsCreated() throws Exception {
        PostgresTestSchema missing = newSchema();
        missing.close(); // dropped now, and again (if it exists) after the test
        try (EventLog created = PostgresEventLog.open(missing.url())) {
            assertEquals(0, created.size());
        }
        assertEquals(List.of("events", "flyway_schema_history", "meta", "rooms", "snapshots"), tablesOf(missing));
    }

    @Test
    void aRowInAnEncodingThisHubDoesNotKnowStopsTheLoad() throws Exception {
        log.append(value("demo", "1", 1));
        try (Connection c = DriverManager.getConnection(schema.url()); Statement s = c.createStatement()) {
            s.execute("UPDATE events SET encoding = 7");
        }
        EventLogException e = assertThrows(EventLogException.class, () -> replayAll(log));
        assertTrue(e.getMessage().contains("of room 'demo'") && e.getMessage().contains("encoding 7"), e.getMessage());
    }
}
