package dev.entangle.hub.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Group commit in front of any {@link EventLog}: appends that arrive while a transaction is being
 * written — from any thread, any room — wait and go into the next transaction together, so one
 * sync to disk makes many changes durable. Each caller still returns only once its own events are
 * durable (or throws if their transaction failed, or its room had moved past what it expected), so
 * "durable before acknowledged" holds exactly.
 *
 * <p>The classic leader/follower scheme: the first caller to find no transaction under way
 * writes everything queued so far, as one {@link EventLog#commit}, and wakes the others; a caller
 * that finds one under way waits for it and then either finds its appends written or leads the
 * next transaction itself. Each append's expectation is checked by the engine inside that
 * transaction, so a stale one fails its own caller and no other.
 */
public final class GroupCommitLog implements EventLog {

    /** Told about each transaction written: how many callers and events it held and how long it took. */
    public interface Observer {
        void committed(int appends, int events, long nanos);
    }

    /** One caller's appends, waiting for (or done with) a transaction. */
    private static final class Pending {
        final List<Append> appends;
        boolean done;
        List<AppendOutcome> outcomes;
        EventLogException failure;

        Pending(List<Append> appends) {
            this.appends = appends;
        }
    }

    private final EventLog log;
    private final Observer observer;
    private final Object lock = new Object();
    private List<Pending> queued = new ArrayList<>();
    private boolean writing;

    public GroupCommitLog(EventLog log, Observer observer) {
        this.log = log;
        this.observer = observer;
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
        Pending mine = new Pending(List.copyOf(appends));
        List<Pending> batch;
        boolean interrupted = false;
        synchronized (lock) {
            queued.add(mine);
            while (writing && !mine.done) {
                interrupted = awaitTurn(interrupted);
            }
            keepInterrupt(interrupted);
            if (mine.done) {
                return resultOf(mine);
            }
            writing = true; // this caller leads the next transaction, with everything queued
            batch = queued;
            queued = new ArrayList<>();
        }
        write(batch);
        synchronized (lock) {
            writing = false;
            lock.notifyAll();
        }
        return resultOf(mine);
    }

    private void write(List<Pending> batch) {
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
        synchronized (lock) {
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
                p.done = true;
            }
        }
        if (failure == null) {
            observer.committed(batch.size(), written, nanos);
        }
    }

    /**
     * Waits for the transaction under way (hold the lock). Durability cannot be given up half-way,
     * so an interrupt does not end the wait: it is kept for the caller, set again afterwards.
     */
    private boolean awaitTurn(boolean interrupted) {
        try {
            lock.wait();
            return interrupted;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void keepInterrupt(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<AppendOutcome> resultOf(Pending p) {
        if (p.failure != null) {
            throw new EventLogException(p.failure.getMessage(), p.failure);
        }
        return p.outcomes;
    }

    /** Written after every append that returned before it was called: no transaction is under way meanwhile. */
    @Override
    public void snapshot(RoomSnapshot snapshot, long position) {
        boolean interrupted = false;
        synchronized (lock) {
            while (writing) {
                interrupted = awaitTurn(interrupted);
            }
            writing = true;
        }
        keepInterrupt(interrupted);
        try {
            log.snapshot(snapshot, position);
        } finally {
            synchronized (lock) {
                writing = false;
                lock.notifyAll();
            }
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
    public long size() {
        return log.size();
    }

    @Override
    public String epoch() {
        return log.epoch();
    }

    @Override
    public void close() {
        log.close();
    }
}
