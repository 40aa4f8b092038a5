package dev.entangle.hub.room;

import dev.entangle.hub.backplane.Backplane;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.room.RoomTask.Change;
import dev.entangle.hub.room.RoomTask.Staged;
import dev.entangle.hub.room.RoomTask.Step;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.PositionConflict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one order of a room: every change passes through it in arrival order — sequence, append,
 * apply, acknowledge, publish — written once for every feature.
 *
 * <p>Changes are taken in rounds. Under the room's lock each queued {@link Change} is checked and
 * staged: it sees the changes staged before it in the round (a text operation is transformed past
 * them), but nothing outside the round does. The round's events are then appended as one call to
 * the event log <em>without</em> the room's lock, so changes arriving meanwhile queue for the next
 * round and a busy room writes one transaction per round, not one per change (and with group
 * commit, rounds of many rooms share one). Once durable, under the lock again, each staged change
 * is applied, acknowledged and published, in order. If the write failed, each is undone, in reverse
 * order, and refused: nobody ever saw it.
 *
 * <p>A {@link Step} reads the room (an {@code entangle} sends the latest values, a {@code text-open}
 * the text): it runs between rounds, when nothing is staged, so it sees exactly what is durable and
 * nothing that may yet be undone. Callers outside the order (HTTP reads, statistics, the sweep) use
 * {@link #settled}.
 *
 * <p>Bound values the features {@link #publish} while a round is applied go out merged, once the
 * round is done (or before the next publication of another kind, which keeps the room's order): a
 * receiver gets a busy round's changes from all its senders as one frame, not one frame a change.
 *
 * <p>Whoever submits to an idle pipeline drains it until its own task is done; what queued meanwhile
 * is handed to {@code executor}, so no caller works for others indefinitely.
 */
public final class RoomPipeline {
    private static final Logger log = LoggerFactory.getLogger(RoomPipeline.class);

    /**
     * Makes a round's events durable, stating where the writer knows the room to stand in the log
     * ({@code expectedLast}: a log shared with other nodes refuses the round if the room moved);
     * returns the position of the last, or throws when the write failed or was refused.
     */
    @FunctionalInterface
    public interface Appender {
        long append(Room room, long expectedLast, List<Event> events) throws Exception;
    }

    /**
     * Told after each round that wrote events, holding the room's lock, after they were applied:
     * {@code lastPosition} is where the last of them is in the log, or -1 when the write failed.
     */
    @FunctionalInterface
    public interface RoundListener {
        void finished(Room room, int events, long lastPosition);
    }

    /**
     * Reads what other hubs appended to the room after its last position (a log shared by several
     * hubs) and applies it, each feature publishing what the members here must hear. Called holding
     * the room's lock with nothing staged.
     */
    @FunctionalInterface
    public interface Follower {
        void follow(Room room);
    }

    /** A round that lost this many races in a row to other hubs is refused (storage_failed: sent again later). */
    static final int MAX_LOST_RACES = 32;

    /** At most this many changes in one round, so one transaction stays a bounded size. */
    static final int MAX_ROUND = 1_000;
    /** At most this many values merged into one publication: a receiver's frame holds at most a {@code mutations} frame's items. */
    static final int MAX_MERGED_VALUES = dev.entangle.core.protocol.MessageCodec.MAX_BATCH;
    /**
     * Values are merged up to about this many characters of frame (a batch of one sender's goes out
     * whole, at most the hub's frame limit): a merged frame never grows past what a client sends.
     */
    static final int MAX_MERGED_CHARS = 48 * 1024;

    private final Room room;
    private final Appender appender;
    private final RoundListener listener;
    private final Executor executor;
    private final Backplane backplane;
    private final Follower follower;
    private int lostRaces; // rounds in a row that another hub's append beat; guarded by the room's lock
    private final ArrayDeque<RoomTask> queue = new ArrayDeque<>();
    private boolean draining; // guarded by queue
    private boolean followQueued; // a follow step waits in the queue; guarded by queue
    /** Tasks submitted while a round of this room was applied (what the round caused: activity entries); guarded by queue. */
    private final java.util.Set<RoomTask> followUps = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private boolean inFlight; // a round is staged and being written; guarded by the room's lock
    /** The pipeline whose round this thread is applying (holding its room's lock), if any. */
    private static final ThreadLocal<RoomPipeline> APPLYING = new ThreadLocal<>();
    private List<Publication.Value> roundValues; // while a round is applied; guarded by the room's lock
    private int roundChars; // about how long their frame is

    public RoomPipeline(Room room, Appender appender, RoundListener listener, Executor executor, Backplane backplane,
            Follower follower) {
        this.room = room;
        this.appender = appender;
        this.listener = listener;
        this.executor = executor;
        this.backplane = backplane;
        this.follower = follower;
    }

    /**
     * Has the room follow what other hubs appended to it, up to {@code position} at least (told by the
     * backplane that the room moved there), in its order: between rounds, as a step. Moves that come
     * while a follow waits in the queue share it (it reads everything new when it runs), and a move the
     * room already has (learnt by losing a race) costs nothing.
     */
    public void follow(long position) {
        synchronized (queue) {
            if (followQueued) {
                return;
            }
            followQueued = true;
        }
        submit(new Step() {
            @Override
            public void run() {
                synchronized (queue) {
                    followQueued = false;
                }
                if (room.lastPosition() < position) {
                    followOthers();
                }
            }

            @Override
            public void crashed(RuntimeException e) {
                log.error("room {} could not follow the other hubs' appends", room.name(), e);
            }
        });
    }

    /** Follows the other hubs' appends now, their values merged as a round's are. Hold the room's lock, nothing staged. */
    private void followOthers() {
        RoomPipeline outer = APPLYING.get();
        APPLYING.set(this);
        roundValues = new ArrayList<>();
        try {
            follower.follow(room);
        } finally {
            try {
                publishRoundValues();
            } finally {
                roundValues = null;
                APPLYING.set(outer);
            }
        }
    }

    /**
     * Publishes what a change or step of this room did, in the room's order (call it holding the
     * room's lock). Bound values accepted while a round is applied wait for the round's end (or the
     * next publication of another kind), merged into one {@link Publication.Values}; anything else
     * goes out now.
     */
    public void publish(Publication publication) {
        if (APPLYING.get() != this) {
            backplane.publish(publication);
            return;
        }
        if (publication instanceof Publication.Values values) {
            int chars = 0;
            for (Publication.Value value : values.values()) {
                chars += value.approximateChars();
            }
            if (roundValues.size() + values.values().size() > MAX_MERGED_VALUES || roundChars + chars > MAX_MERGED_CHARS) {
                publishRoundValues();
            }
            roundValues.addAll(values.values());
            roundChars += chars;
        } else {
            publishRoundValues(); // what was accepted before it goes before it
            backplane.publish(publication);
        }
    }

    /**
     * Call before sending a client anything directly (an answer, an error): if this thread is
     * applying a round, the values merged so far go out first, so that nothing sent overtakes the
     * relays of changes accepted before it. (A value's own acknowledgement travels with it.)
     */
    public static void beforeDirectSend() {
        RoomPipeline applying = APPLYING.get();
        if (applying != null) {
            applying.publishRoundValues();
        }
    }

    /** Publishes the values merged so far in this round, as one publication. Hold the room's lock. */
    private void publishRoundValues() {
        if (!roundValues.isEmpty()) {
            List<Publication.Value> values = List.copyOf(roundValues);
            roundValues.clear(); // first: a close the delivery causes may come back here
            roundChars = 0;
            backplane.publish(new Publication.Values(room.name(), values));
        }
    }

    /** Queues {@code task} in the room's order; runs the pipeline here if it was idle. */
    public void submit(RoomTask task) {
        synchronized (queue) {
            queue.add(task);
            if (APPLYING.get() == this) {
                followUps.add(task);
            }
            if (draining) {
                return;
            }
            draining = true;
        }
        drain(task);
    }

    /**
     * Makes {@code events} durable now, for a {@link Step} that writes (rare: an {@code entangle} that
     * claims an ownership token). Call it from the step, holding the room's lock with nothing staged;
     * returns false when the write failed (the step refuses and changes nothing).
     */
    public boolean appendNow(List<Event> events) {
        long lastPosition;
        try {
            lastPosition = appender.append(room, room.lastPosition(), events);
        } catch (PositionConflict e) {
            followOthers(); // the step refuses; sent again, it decides on what the others wrote
            return false;
        } catch (Exception e) {
            log.error("could not log {} event(s) in room {}", events.size(), room.name(), e);
            return false;
        }
        listener.finished(room, events.size(), lastPosition);
        return true;
    }

    /** Nothing queued or in flight: the room may be forgotten. Hold the room's lock. */
    public boolean idle() {
        return !inFlight && queued() == 0;
    }

    /** How many tasks wait (for /stats). */
    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /**
     * Runs {@code read} holding the room's lock once no round is in flight: it sees what is durable
     * and nothing staged. For callers outside the room's order.
     */
    public <T> T settled(java.util.function.Supplier<T> read) {
        boolean interrupted = false;
        try {
            synchronized (room) {
                while (inFlight) {
                    try {
                        room.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                return read.get();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The same for a reader that returns nothing. */
    public void settled(Runnable read) {
        settled(() -> {
            read.run();
            return null;
        });
    }

    private void drain(RoomTask mine) {
        while (true) {
            boolean mineDone = round(mine);
            synchronized (queue) {
                if (queue.isEmpty()) {
                    draining = false;
                    return;
                }
                if (mineDone && followUps.contains(queue.peek())) {
                    // What this thread's own round caused (an activity entry) is next: it writes that too
                    // before handing over, so a change leaves nothing of its own behind when its sender returns.
                    mine = queue.peek();
                    continue;
                }
            }
            if (mineDone) {
                try {
                    executor.execute(() -> drain(null));
                    return;
                } catch (RejectedExecutionException stopping) {
                    mine = null; // the hub is stopping: finish the queue here rather than strand it
                }
            }
        }
    }

    /** Takes one round (and the steps before it); returns whether {@code mine} has been dealt with. */
    private boolean round(RoomTask mine) {
        List<Staged> staged = new ArrayList<>();
        List<Change> changes = new ArrayList<>(); // the staged ones, to stage again after a lost race
        List<Event> events = new ArrayList<>();
        boolean sawMine = false;
        long expectedLast;
        synchronized (room) {
            while (staged.size() < MAX_ROUND) {
                RoomTask next;
                synchronized (queue) {
                    next = queue.peek();
                    if (next == null || (next instanceof Step && !staged.isEmpty())) {
                        break; // a step reads the room: what is staged is written first
                    }
                    queue.poll();
                    followUps.remove(next);
                }
                sawMine |= next == mine;
                try {
                    if (next instanceof Step step) {
                        step.run();
                    } else {
                        Staged s = ((Change) next).stage();
                        if (s != null) {
                            staged.add(s);
                            changes.add((Change) next);
                            events.addAll(s.events());
                            if (((Change) next).closesRound()) {
                                break;
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    crashed(next, e);
                }
            }
            if (staged.isEmpty()) {
                return sawMine;
            }
            inFlight = true;
            expectedLast = room.lastPosition(); // nothing else moves it while this round is in flight
        }
        boolean durable = true;
        boolean lostRace = false;
        long lastPosition = -1;
        if (!events.isEmpty()) {
            try {
                // Without the room's lock: the next round queues meanwhile.
                lastPosition = appender.append(room, expectedLast, events);
            } catch (PositionConflict e) {
                lostRace = true;
            } catch (Exception e) {
                log.error("could not log {} event(s) in room {}", events.size(), room.name(), e);
                durable = false;
            }
        }
        synchronized (room) {
            if (lostRace && lostRaces < MAX_LOST_RACES) {
                lostRaces++;
                stageAgainAfterFollowing(staged, changes);
                return sawMine && !changes.contains(mine);
            }
            if (lostRace) {
                log.error("room {} lost {} races in a row to other hubs' appends: its round is refused", room.name(),
                        lostRaces);
                durable = false;
            }
            lostRaces = 0;
            // Nobody else can look before this block ends (it holds the lock throughout); a close that
            // a send causes may come back in on this thread, and must not wait for itself.
            inFlight = false;
            roundValues = new ArrayList<>();
            RoomPipeline outer = APPLYING.get();
            APPLYING.set(this);
            try {
                if (durable) {
                    for (Staged s : staged) {
                        try {
                            s.committed();
                        } catch (RuntimeException e) {
                            log.error("failed to apply a durable change in room {}", room.name(), e);
                        }
                    }
                } else {
                    for (int i = staged.size() - 1; i >= 0; i--) {
                        try {
                            staged.get(i).failed();
                        } catch (RuntimeException e) {
                            log.error("failed to undo a change in room {}", room.name(), e);
                        }
                    }
                }
                if (!events.isEmpty()) {
                    listener.finished(room, events.size(), lastPosition);
                }
            } finally {
                try {
                    publishRoundValues();
                } catch (RuntimeException e) {
                    log.error("failed to publish the changes of a round of room {}", room.name(), e);
                } finally {
                    roundValues = null;
                    APPLYING.set(outer);
                    room.notifyAll();
                }
            }
        }
        return sawMine;
    }

    /**
     * Another hub appended to the room before this round: nothing of it was written. Its changes are
     * undone (nobody heard of them), the room follows what the other hub wrote, and the changes go
     * back to the front of the queue, to be decided again on the new state (a text operation is
     * transformed past the other's, a value gets the next sequence number). Holding the room's lock.
     */
    private void stageAgainAfterFollowing(List<Staged> staged, List<Change> changes) {
        inFlight = false;
        try {
            for (int i = staged.size() - 1; i >= 0; i--) {
                try {
                    staged.get(i).undo();
                } catch (RuntimeException e) {
                    log.error("failed to undo a change in room {}", room.name(), e);
                }
            }
            try {
                followOthers();
            } catch (RuntimeException e) {
                // Staged again all the same: the next write loses the race again, and after MAX_LOST_RACES it is refused.
                log.error("room {} could not follow the other hubs' appends", room.name(), e);
            }
            synchronized (queue) {
                for (int i = changes.size() - 1; i >= 0; i--) {
                    queue.addFirst(changes.get(i));
                }
            }
        } finally {
            room.notifyAll();
        }
    }

    private static void crashed(RoomTask task, RuntimeException e) {
        try {
            task.crashed(e);
        } catch (RuntimeException again) {
            log.error("a task of the room's order crashed, and so did reporting it", again);
        }
    }
}
