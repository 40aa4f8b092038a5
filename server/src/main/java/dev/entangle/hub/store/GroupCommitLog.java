package dev.entangle.hub.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit in front of any {@link EventLog}: appends that arrive while a transaction is being
 * written — from any thread, any room — wait and go into the next transaction together, so one
 * sync to disk makes many changes durable. Each caller still returns only once its own events are
 * durable (or throws if their transaction failed, or its room had moved past what it expected), so
 * "durable before acknowledged" holds exactly.
 *
 * <p>Who writes: a caller that finds no transaction under way writes everything queued so far, as
 * one {@link EventLog#commit}, on its own thread (an idle log costs no thread hand-off). A caller
 * that finds one under way waits. If more queued meanwhile, the writer hands them to the log's
 * committer thread, which writes transaction after transaction for as long as anything is queued,
 * so a busy log never waits between transactions for a waiting caller's thread to be scheduled.
 * Whoever writes wakes exactly the callers its transaction made durable. Each append's expectation
 * is checked by the engine inside that transaction, so a stale one fails its own caller and no
 * other. A snapshot waits its turn in the same queue and is written alone, after every append
 * queued before it.
 */
public final class GroupCommitLog implements EventLog {

    /** Told about each transaction written: how many callers and events it held and how long it took. */
    public interface Observer {
        void committed(int appends, int events, long nanos);
    }

    /** One caller's appends (or snapshot), waiting for (or done with) its turn. */
    private static final class Pending {
        final List<Append> appends; // null for a snapshot
        final Runnable snapshot;
        final Thread waiter = Thread.currentThread();
        volatile boolean done;
        List<AppendOutcome> outcomes; // written before done
        EventLogException failure;

        Pending(List<Append> appends, Runnable snapshot) {
            this.appends = appends;
            this.snapshot = snapshot;
        }
    }

    private final EventLog log;
    private final Observer observer;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queued = new ArrayDeque<>(); // guarded by lock
    private boolean writing; // a caller or the committer writes; guarded by lock
    private boolean committerWrites; // the committer was handed the queue; guarded by lock
    private boolean closed; // guarded by lock
    private final Thread committer;

    public GroupCommitLog(EventLog log, Observer observer) {
        this.log = log;
        this.observer = observer;
        committer = new Thread(this::commitWhileQueued, "entangle-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** The engine behind the group commit. */
    public EventLog engine() {
        return log;
    }

    /**
     * Appends one room's events, in the next group transaction; returns once durable: the position of the last.
     * Throws PositionConflict when the room moved past expectedLast (nothing written), EventLogException when the
     * transaction failed.
     */
    public long append(String room, long expectedLast, List<Event> events) throws EventLogException {
        return commit(List.of(new Append(room, expectedLast, events))).get(0).lastPositionOrThrow();
    }

    /** The room's last durable position: appends still queued for a transaction are not in it. */
    @Override
    public long lastPosition(String room) {
        return log.lastPosition(room);
    }

    /** {@code appends} go into the next group transaction together; returns once it is durable. */
    @Override
    public List<AppendOutcome> commit(List<Append> appends) {
        if (appends.isEmpty()) {
            return List.of();
        }
        Pending mine = new Pending(List.copyOf(appends), null);
        takeTurn(mine);
        if (mine.failure != null) {
            throw new EventLogException(mine.failure.getMessage(), mine.failure);
        }
        return mine.outcomes;
    }

    /** Written after every append that returned before it was called, and alone. */
    @Override
    public void snapshot(RoomSnapshot snapshot, long position) {
        Pending mine = new Pending(null, () -> log.snapshot(snapshot, position));
        takeTurn(mine);
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Queues {@code mine} and returns once it is done: written by this caller, another, or the committer. */
    private void takeTurn(Pending mine) {
        boolean write;
        synchronized (lock) {
            queued.add(mine);
            write = !writing;
            writing = true;
        }
        if (write) {
            List<Pending> batch;
            synchronized (lock) {
                batch = nextBatch();
            }
            write(batch);
            synchronized (lock) {
                if (queued.isEmpty()) {
                    writing = false;
                } else { // more came meanwhile: the committer goes on with them, this caller returns
                    committerWrites = true;
                    lock.notifyAll();
                }
            }
        }
        awaitDone(mine);
    }

    /** The committer thread: writes what it is handed, transaction after transaction, until nothing is queued. */
    private void commitWhileQueued() {
        while (true) {
            List<Pending> batch;
            synchronized (lock) {
                while (!committerWrites && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queued.isEmpty()) {
                    committerWrites = false;
                    writing = false;
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch = nextBatch();
            }
            write(batch);
        }
    }

    /** Everything queued up to the first snapshot, or that snapshot alone when it comes first. Hold the lock. */
    private List<Pending> nextBatch() {
        List<Pending> batch = new ArrayList<>();
        if (queued.peek().snapshot != null) {
            batch.add(queued.poll());
            return batch;
        }
        while (!queued.isEmpty() && queued.peek().snapshot == null) {
            batch.add(queued.poll());
        }
        return batch;
    }

    /**
     * Waits until {@code mine} is done. Durability cannot be given up half-way, so an interrupt does
     * not end the wait: it is kept for the caller, set again afterwards.
     */
    private void awaitDone(Pending mine) {
        boolean interrupted = false;
        while (!mine.done) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes {@code batch} (one transaction, or one snapshot) and wakes its callers. */
    private void write(List<Pending> batch) {
        if (batch.get(0).snapshot != null) {
            Pending snapshot = batch.get(0);
            try {
                snapshot.snapshot.run();
            } catch (EventLogException e) {
                snapshot.failure = e;
            } catch (RuntimeException e) {
                snapshot.failure = new EventLogException("the event log failed to snapshot", e);
            }
            finish(snapshot);
            return;
        }
        List<Append> all = new ArrayList<>();
        for (Pending p : batch) {
            all.addAll(p.appends);
        }
        long started = System.nanoTime();
        EventLogException failure = null;
        List<AppendOutcome> outcomes = null;
        try {
            outcomes = log.commit(all);
            if (outcomes.size() != all.size()) {
                throw new IllegalStateException("the engine answered " + outcomes.size() + " outcomes for "
                        + all.size() + " appends");
            }
        } catch (EventLogException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new EventLogException("the event log failed to append", e);
        }
        long nanos = System.nanoTime() - started;
        int written = 0;
        int next = 0;
        for (Pending p : batch) {
            if (failure == null) {
                p.outcomes = outcomes.subList(next, next + p.appends.size());
                for (int i = 0; i < p.appends.size(); i++) {
                    if (p.outcomes.get(i) instanceof AppendOutcome.Appended) {
                        written += p.appends.get(i).events().size();
                    }
                }
            }
            next += p.appends.size();
            p.failure = failure;
        }
        try {
            if (failure == null) {
                observer.committed(batch.size(), written, nanos);
            }
        } finally {
            for (Pending p : batch) {
                finish(p);
            }
        }
    }

    private static void finish(Pending p) {
        p.done = true;
        if (p.waiter != Thread.currentThread()) {
            LockSupport.unpark(p.waiter);
        }
    }

    @Override
    public void replay(Recovery into) {
        log.replay(into);
    }

    /** Reads what is durable: a room is loaded before any of its changes can be appended. */
    @Override
    public void load(String room, Recovery into) {
        log.load(room, into);
    }

    @Override
    public Map<String, Long> lastPositions(Collection<String> rooms) {
        return log.lastPositions(rooms);
    }

    @Override
    public void loadAfter(String room, long after, Recovery into) {
        log.loadAfter(room, after, into);
    }

    @Override
    public long size() {
        return log.size();
    }

    @Override
    public String epoch() {
        return log.epoch();
    }

    /** Writes what is queued, stops the committer, then closes the engine. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (!queued.isEmpty() && !writing) {
                writing = true;
                committerWrites = true;
            }
            lock.notifyAll();
        }
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }
}
