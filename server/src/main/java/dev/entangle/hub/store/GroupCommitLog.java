package dev.entangle.hub.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Group commit in front of any {@link EventLog}: appends that arrive while a transaction is being
 * written — from any thread, any room — wait and go into the next transaction together, so one
 * sync to disk makes many changes durable. Each caller still returns only once its own events are
 * durable (or throws if their transaction failed), so "durable before acknowledged" holds exactly.
 *
 * <p>The classic leader/follower scheme: the first caller to find no transaction under way
 * writes everything queued so far and wakes the others; a caller that finds one under way waits
 * for it and then either finds its events written or leads the next transaction itself. The
 * positions of one {@link #appendAll} are consecutive in every engine, so each caller learns its
 * own from the transaction's last.
 */
public final class GroupCommitLog implements EventLog {

    /** Told about each transaction written: how many appends and events it held and how long it took. */
    public interface Observer {
        void committed(int appends, int events, long nanos);
    }

    /** One caller's events, waiting for (or done with) a transaction. */
    private static final class Pending {
        final List<Event> events;
        boolean done;
        long lastPosition;
        EventLogException failure;

        Pending(List<Event> events) {
            this.events = events;
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

    @Override
    public long append(Event event) {
        return appendAll(List.of(event));
    }

    @Override
    public long appendAll(List<Event> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        Pending mine = new Pending(events);
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
        List<Event> all = new ArrayList<>();
        for (Pending p : batch) {
            all.addAll(p.events);
        }
        long started = System.nanoTime();
        EventLogException failure = null;
        long last = -1;
        try {
            last = log.appendAll(all);
        } catch (EventLogException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new EventLogException("the event log failed to append", e);
        }
        long nanos = System.nanoTime() - started;
        synchronized (lock) {
            long position = last - all.size();
            for (Pending p : batch) {
                position += p.events.size();
                p.lastPosition = position;
                p.failure = failure;
                p.done = true;
            }
        }
        if (failure == null) {
            observer.committed(batch.size(), all.size(), nanos);
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

    private static long resultOf(Pending p) {
        if (p.failure != null) {
            throw new EventLogException(p.failure.getMessage(), p.failure);
        }
        return p.lastPosition;
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
