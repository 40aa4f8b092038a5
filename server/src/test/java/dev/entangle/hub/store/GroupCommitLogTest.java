package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** A memory log whose disk can be made full: appends then fail, as a whole transaction. */
    private static final class FillingDisk implements EventLog {
        final MemoryEventLog memory = new MemoryEventLog();
        volatile boolean full;

        @Override
        public long append(Event event) {
            return appendAll(List.of(event));
        }

        @Override
        public long appendAll(List<Event> events) {
            if (full) {
                throw new EventLogException("disk full", null);
            }
            return memory.appendAll(events);
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
        FillingDisk engine = new FillingDisk();
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
}
