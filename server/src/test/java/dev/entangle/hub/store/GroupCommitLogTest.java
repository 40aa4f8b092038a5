package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit keeps the event log's promises (it passes the same contract as the engines) while
 * many writers share transactions: each gets its own events' positions, every event is there once,
 * in each writer's order, and a failed transaction fails every writer in it.
 */
class GroupCommitLogTest extends EventLogContract {
    @TempDir
    Path data;

    @TempDir
    Path otherData;

    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger eventsCommitted = new AtomicInteger();

    private GroupCommitLog over(EventLog engine) {
        return new GroupCommitLog(engine, (appends, events, nanos) -> {
            transactions.incrementAndGet();
            eventsCommitted.addAndGet(events);
        });
    }

    /**
     * A memory log whose disk can be made full (appends then fail, as a whole transaction), and whose
     * transactions can be held at a gate while others queue behind them; it notes how many appends
     * each transaction held.
     */
    private static final class ControlledEngine implements EventLog {
        final MemoryEventLog memory = new MemoryEventLog();
        final List<Integer> appendsPerTransaction = Collections.synchronizedList(new ArrayList<>());
        volatile boolean full;
        volatile CountDownLatch gate;
        final CountDownLatch atGate = new CountDownLatch(1);

        @Override
        public long lastPosition(String room) {
            return memory.lastPosition(room);
        }

        @Override
        public List<AppendOutcome> commit(List<Append> appends) {
            CountDownLatch held = gate;
            if (held != null) {
                atGate.countDown();
                try {
                    held.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            if (full) {
                throw new EventLogException("disk full", null);
            }
            appendsPerTransaction.add(appends.size());
            return memory.commit(appends);
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

    @Override
    protected EventLog open() {
        return over(SqliteEventLog.open(data.resolve("contract")));
    }

    @Override
    protected EventLog openOther() {
        return over(SqliteEventLog.open(otherData));
    }

    @Override
    protected EventLog reopen() {
        log.close();
        return over(SqliteEventLog.open(data.resolve("contract")));
    }

    @Test
    void concurrentWritersShareTransactionsAndEachGetsItsOwnPositionsInOrder() throws Exception {
        int writers = 50;
        int each = 40;
        CountDownLatch start = new CountDownLatch(1);
        Map<String, List<Long>> positions = Collections.synchronizedMap(new HashMap<>());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String room = "room-" + w;
            Thread thread = new Thread(() -> {
                List<Long> mine = new ArrayList<>();
                try {
                    start.await();
                    for (int i = 1; i <= each; i++) {
                        // Some writers append two events at once, as a batch of bound values does.
                        mine.add(i % 3 == 0 ? log.appendAll(List.of(value(room, "a" + i, i), text(room, i)))
                                : log.append(value(room, "v" + i, i)));
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
                positions.put(room, mine);
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertEquals(null, failed.get());

        Replayed replayed = replayAll(log);
        int expected = writers * (each + each / 3);
        assertEquals(expected, replayed.events().size(), "every event once");
        assertEquals(expected, eventsCommitted.get());
        assertTrue(transactions.get() < writers * each,
                transactions.get() + " transactions for " + writers * each + " appends: they were shared");
        Map<Long, Event> byPosition = new HashMap<>();
        for (int i = 0; i < replayed.events().size(); i++) {
            byPosition.put(replayed.positions().get(i), replayed.events().get(i));
        }
        for (int w = 0; w < writers; w++) {
            String room = "room-" + w;
            List<Long> mine = positions.get(room);
            for (int i = 1; i <= each; i++) {
                Event at = byPosition.get(mine.get(i - 1));
                Event expectedLast = i % 3 == 0 ? text(room, i) : value(room, "v" + i, i);
                assertEquals(expectedLast, at, room + "'s append " + i + " returned the position of its last event");
                if (i > 1) {
                    assertTrue(mine.get(i - 1) > mine.get(i - 2), room + "'s positions increase");
                }
            }
        }
    }

    @Test
    void aTransactionThatFailsFailsEveryAppendInItAndTheNextOneCanSucceed() {
        ControlledEngine engine = new ControlledEngine();
        GroupCommitLog grouped = over(engine);
        engine.full = true;
        assertThrows(EventLogException.class, () -> grouped.append(value("a", "1", 1)));
        assertThrows(EventLogException.class, () -> grouped.appendAll(List.of(value("a", "1", 1), text("a", 1))));
        engine.full = false;
        long position = grouped.append(value("a", "2", 1));
        assertEquals(List.of(value("a", "2", 1)), replayAll(grouped).events());
        assertEquals(List.of(position), replayAll(grouped).positions());
        assertEquals(1, transactions.get(), "only the transaction that was written counts");
        grouped.close();
    }

    @Test
    void writersEachAppendingToTheirOwnRoomAtTheRightPositionAllSucceedInSharedTransactions() throws Exception {
        GroupCommitLog grouped = (GroupCommitLog) log;
        int writers = 40;
        int each = 30;
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Long> lastReturned = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String room = "room-" + w;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    long last = grouped.lastPosition(room);
                    for (int i = 1; i <= each; i++) {
                        last = i % 3 == 0 ? grouped.append(room, last, List.of(value(room, "a" + i, i), text(room, i)))
                                : grouped.append(room, last, List.of(value(room, "v" + i, i)));
                    }
                    lastReturned.put(room, last);
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertEquals(null, failed.get());
        int expected = writers * (each + each / 3);
        assertEquals(expected, replayAll(log).events().size(), "every event once");
        assertEquals(expected, eventsCommitted.get());
        assertTrue(transactions.get() < writers * each,
                transactions.get() + " transactions for " + writers * each + " appends: they were shared");
        for (int w = 0; w < writers; w++) {
            String room = "room-" + w;
            assertEquals(lastReturned.get(room), log.lastPosition(room), room + " ends where its last append said");
        }
    }

    @Test
    void aStaleExpectationFailsOnlyItsCallerNotTheOthersInItsTransaction() throws Exception {
        ControlledEngine engine = new ControlledEngine();
        GroupCommitLog grouped = over(engine);
        long stale = grouped.append("c", 0, List.of(value("c", "1", 1)));
        grouped.append("c", stale, List.of(value("c", "2", 2))); // another writer moved room c on
        int eventsBefore = eventsCommitted.get();
        engine.gate = new CountDownLatch(1);
        Thread leader = new Thread(() -> grouped.append("lead", 0, List.of(value("lead", "1", 1))));
        leader.start();
        engine.atGate.await(); // the leader's transaction is being written: the next three queue behind it
        Map<String, Object> results = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> followers = new ArrayList<>();
        for (String room : List.of("a", "b", "c")) {
            long expected = room.equals("c") ? stale : 0;
            Thread follower = new Thread(() -> {
                try {
                    results.put(room, grouped.append(room, expected, List.of(value(room, "x", 1), text(room, 1))));
                } catch (RuntimeException e) {
                    results.put(room, e);
                }
            });
            followers.add(follower);
            follower.start();
        }
        for (Thread follower : followers) {
            while (follower.getState() != Thread.State.WAITING) { // queued, waiting for the transaction under way
                Thread.sleep(1);
            }
        }
        engine.gate.countDown();
        leader.join(10_000);
        for (Thread follower : followers) {
            follower.join(10_000);
        }
        assertEquals(List.of(1, 1, 1, 3), engine.appendsPerTransaction, "the three queued appends shared one transaction");
        PositionConflict conflict = assertInstanceOf(PositionConflict.class, results.get("c"));
        assertEquals(List.of("c", stale, engine.lastPosition("c")), List.of(conflict.room(), conflict.expected(),
                conflict.actual()));
        assertEquals(engine.lastPosition("a"), results.get("a"));
        assertEquals(engine.lastPosition("b"), results.get("b"));
        List<Event> events = replayAll(grouped).events();
        assertTrue(events.contains(text("a", 1)) && events.contains(text("b", 1)) && !events.contains(text("c", 1)),
                "a and b were written, c was not: " + events);
        assertEquals(1 + 2 + 2, eventsCommitted.get() - eventsBefore,
                "the observer counts the events written (the leader's, a's and b's), not those refused");
    }

    @Test
    void aStaleExpectationThrowsAConflictAndTheRightOneThenSucceeds() {
        long first = log.append(value("a", "1", 1));
        long second = log.append(value("a", "2", 2));
        GroupCommitLog grouped = (GroupCommitLog) log;
        PositionConflict conflict = assertThrows(PositionConflict.class,
                () -> grouped.append("a", first, List.of(value("a", "late", 2))));
        assertEquals(second, conflict.actual());
        assertEquals(2, log.size(), "nothing of the stale append was written");
        long third = grouped.append("a", conflict.actual(), List.of(value("a", "3", 3)));
        assertEquals(third, log.lastPosition("a"));
    }
}
