package dev.entangle.hub.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hub's memory of everything it accepted, in order. {@link #commit} returns only once the
 * events are durable, so the hub acknowledges nothing it could forget; each append states the
 * room's last position its writer knows, so a writer that lost a race to another (another hub
 * node on the same log) finds out instead of writing over it. Snapshots of a room replace
 * the room's events before them, so restart time and size stay bounded as the log grows.
 * Implementations: {@link MemoryEventLog} (tests, throwaway hubs), {@link SqliteEventLog} (the
 * embedded default, a file in the data directory) and {@link PostgresEventLog} (a database several
 * hub processes share).
 */
public interface EventLog extends AutoCloseable {

    /** What a log hands back when the hub starts: each room's snapshot, then the events after it. */
    interface Recovery {
        /** The room's state after the event at {@code position}. */
        void restore(RoomSnapshot snapshot, long position);

        void apply(Event event, long position);
    }

    /**
     * One room's events, stating the room's last position the writer knows (see {@link #lastPosition}).
     * The events are all of {@code room}, and there is at least one.
     */
    record Append(String room, long expectedLast, List<Event> events) {
        /**
         * An {@code expectedLast} that checks nothing: only for the unchecked {@link #append(Event)} and
         * {@link #appendAll(List)}, until their callers state positions; it goes with them.
         */
        public static final long UNCHECKED = -1;

        public Append {
            Objects.requireNonNull(room, "room");
            if (expectedLast < 0 && expectedLast != UNCHECKED) {
                throw new IllegalArgumentException("the last position expected of room '" + room
                        + "' must be 0 or more, got " + expectedLast);
            }
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("an append to room '" + room + "' needs at least one event");
            }
            for (Event event : events) {
                if (!event.room().equals(room)) {
                    throw new IllegalArgumentException("an append to room '" + room + "' holds an event of room '"
                            + event.room() + "'");
                }
            }
        }

        public boolean checked() {
            return expectedLast != UNCHECKED;
        }

        /** {@code events} of any rooms as unchecked appends, one per run of events of the same room, in order. */
        static List<Append> unchecked(List<Event> events) {
            List<Append> out = new ArrayList<>();
            int start = 0;
            for (int i = 1; i <= events.size(); i++) {
                if (i == events.size() || !events.get(i).room().equals(events.get(start).room())) {
                    out.add(new Append(events.get(start).room(), UNCHECKED, events.subList(start, i)));
                    start = i;
                }
            }
            return out;
        }
    }

    /**
     * The room's last position: of its newest event, or of its latest snapshot when no event follows it;
     * 0 for a room the log has never seen.
     */
    long lastPosition(String room) throws EventLogException;

    /**
     * The last positions of {@code rooms} (0 for a room never seen), in one read where the engine can:
     * a node of a shared log compares every room it keeps with the log each second.
     */
    default Map<String, Long> lastPositions(Collection<String> rooms) throws EventLogException {
        Map<String, Long> positions = new HashMap<>();
        for (String room : rooms) {
            positions.put(room, lastPosition(room));
        }
        return positions;
    }

    /**
     * Appends {@code appends} in order, in one transaction where the engine can (one sync to disk).
     * For each append, the room's last position must be {@code expectedLast} (taking earlier appends
     * of the same call into account); when it is not, none of that append's events are written and
     * its outcome is a {@link PositionConflict} — the other appends are not affected. Returns one
     * outcome per append, in order; the positions of one append's events are consecutive. Throws
     * EventLogException when the transaction as a whole failed (nothing written).
     */
    List<AppendOutcome> commit(List<Append> appends) throws EventLogException;

    /**
     * Appends {@code event} whatever its room's last position; when this returns, the event survives a
     * crash of the process. Returns its position. (Unchecked: callers move to {@link #commit}.)
     */
    default long append(Event event) throws EventLogException {
        return appendAll(List.of(event));
    }

    /**
     * Appends {@code events}, of any rooms, together and whatever their rooms' last positions, in one
     * {@link #commit}; when this returns, all of them are durable. Returns the position of the last
     * (-1 for no events); the positions of the lot are consecutive. (Unchecked: callers move to
     * {@link #commit}.)
     */
    default long appendAll(List<Event> events) throws EventLogException {
        if (events.isEmpty()) {
            return -1; // as the engines always answered
        }
        List<AppendOutcome> outcomes = commit(Append.unchecked(events));
        return outcomes.get(outcomes.size() - 1).lastPositionOrThrow();
    }

    /**
     * Stores {@code snapshot} as the state of its room after the event at {@code position}, durably;
     * the room's events up to that position are no longer replayed and may be deleted. The room's
     * {@link #lastPosition} is at least {@code position} afterwards.
     */
    void snapshot(RoomSnapshot snapshot, long position) throws EventLogException;

    /** Hands every room's latest snapshot, then every event after its room's snapshot, oldest first. */
    void replay(Recovery into) throws EventLogException;

    /**
     * Hands {@code room}'s latest snapshot (if any), then its events after it, oldest first: what a
     * hub needs to take the room up when its first client arrives, without reading any other room.
     */
    void load(String room, Recovery into) throws EventLogException;

    /**
     * Hands {@code room}'s events after {@code after}, oldest first: what a hub that holds the room
     * up to there needs to follow another hub's appends to a shared log. When a snapshot taken since
     * replaced some of them, {@code into.restore} is handed the snapshot first. (This default reads
     * the whole room; an engine may read only what follows.)
     */
    default void loadAfter(String room, long after, Recovery into) throws EventLogException {
        load(room, new Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                if (position > after) {
                    into.restore(snapshot, position);
                }
            }

            @Override
            public void apply(Event event, long position) {
                if (position > after) {
                    into.apply(event, position);
                }
            }
        });
    }

    /** How many events the log holds (snapshots replace the events before them). */
    long size();

    /**
     * Names this log's history: stable across restarts on the same data, different for another log.
     * Clients resume from their last revision only when the hub's epoch is the one they saw.
     */
    String epoch();

    @Override
    void close();
}
