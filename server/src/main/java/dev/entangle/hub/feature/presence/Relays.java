package dev.entangle.hub.feature.presence;

import dev.entangle.hub.session.Connection;
import dev.entangle.hub.session.Outlet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence and pointer frames on their way to a room's members (docs/MULTIPLAYER.md, "Many in a
 * room"). A frame waits in its room's {@link Lane}, the newest per sender and kind; at most once
 * every interval the lane hands everything that waits to each member connected here, but the
 * member's own, in one call (one write per member when its socket is free). So a room of 200
 * members moving pointers 20 times a second costs each member about one frame an interval instead
 * of 4,000 a second, and a pointer waits at most one interval more.
 *
 * <p>The interval is for a room of {@value #FULL_ROOM} members or more; a smaller room's relays are
 * that much closer together (50 members: a quarter of it), so every room's relays cost about the
 * same socket writes a second, and a small room adds next to no wait.
 *
 * <p>The lane is filled holding the room's presence table lock, but relays without it, on the
 * pool's threads: the Jetty threads that take members' frames never queue behind a relay to 200
 * sockets. One relay at a time per room, so a member hears each sender's changes in order.
 * Without a pool (interval 0), each frame is relayed at once on the thread that brings it.
 */
final class Relays {
    private static final Logger log = LoggerFactory.getLogger(Relays.class);

    /** A frame waiting: about {@code origin}, who is not sent its own. */
    private record Waiting(String origin, Outlet.Ephemeral frame) {
    }

    /** The members a room relays to at which the whole interval applies. */
    static final int FULL_ROOM = 200;

    private final long intervalNanos;
    private final ScheduledExecutorService pool;

    /** {@code pool} null: relays at once, on the caller's thread. */
    Relays(long intervalMillis, ScheduledExecutorService pool) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.pool = pool;
    }

    Lane lane(PresenceTable table) {
        return new Lane(table);
    }

    /** One room's frames waiting to be relayed. */
    final class Lane {
        private final PresenceTable table;
        private Map<String, Waiting> waiting = new LinkedHashMap<>(); // guarded by this
        /** Whether a relay is due or under way (one at a time). Guarded by this. */
        private boolean scheduled;
        /** When the last relay started. Guarded by this. */
        private long lastRelay = System.nanoTime() - intervalNanos;
        /** How far apart relays are: the interval, in proportion to the members the last one went to. Guarded by this. */
        private long gapNanos = intervalNanos;

        private Lane(PresenceTable table) {
            this.table = table;
        }

        /**
         * {@code frame} about {@code origin}, for every member connected here but {@code origin}; it
         * replaces one still waiting under the same {@code coalesceKey}.
         */
        void add(String origin, String coalesceKey, String frame) {
            Waiting w = new Waiting(origin, new Outlet.Ephemeral(coalesceKey, frame));
            if (pool == null) {
                relay(List.of(w));
                return;
            }
            synchronized (this) {
                waiting.remove(coalesceKey); // the newest goes to the back, as it is the newest
                waiting.put(coalesceKey, w);
                if (!scheduled) {
                    scheduled = true;
                    schedule();
                }
            }
        }

        /** Hold this lane's lock. */
        private void schedule() {
            long wait = Math.max(0, lastRelay + gapNanos - System.nanoTime());
            try {
                pool.schedule(this::relayWaiting, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                scheduled = false; // the hub is stopping: nobody is left to tell
            }
        }

        private void relayWaiting() {
            List<Waiting> frames;
            synchronized (this) {
                lastRelay = System.nanoTime();
                frames = new ArrayList<>(waiting.values());
                waiting = new LinkedHashMap<>();
            }
            int members = 0;
            try {
                members = relay(frames);
            } catch (RuntimeException e) {
                log.error("relaying presence in room {} failed", table.room, e);
            } finally {
                synchronized (this) {
                    gapNanos = intervalNanos * Math.min(members, FULL_ROOM) / FULL_ROOM;
                    if (waiting.isEmpty()) {
                        scheduled = false;
                    } else {
                        schedule();
                    }
                }
            }
        }

        /** Returns the members it went to (those connected here). */
        private int relay(List<Waiting> frames) {
            List<Connection> members = table.connectedHere();
            for (Connection member : members) {
                List<Outlet.Ephemeral> theirs = new ArrayList<>(frames.size());
                for (Waiting w : frames) {
                    if (!w.origin.equals(member.clientId())) {
                        theirs.add(w.frame);
                    }
                }
                if (!theirs.isEmpty()) {
                    member.sendEphemeral(theirs);
                }
            }
            return members.size();
        }
    }
}
