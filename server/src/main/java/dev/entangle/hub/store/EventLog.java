package dev.entangle.hub.store;

import java.util.List;

/**
 * The hub's memory of everything it accepted, in order. {@link #append} returns only once the
 * event is durable, so the hub acknowledges nothing it could forget. Snapshots of a room replace
 * the room's events before them, so restart time and size stay bounded as the log grows.
 * Implementations: {@link MemoryEventLog} (tests, throwaway hubs) and {@link SqliteEventLog} (the
 * embedded default, a file in the data directory); a server database plugs in behind the same
 * interface.
 */
public interface EventLog extends AutoCloseable {

    /** What a log hands back when the hub starts: each room's snapshot, then the events after it. */
    interface Recovery {
        /** The room's state after the event at {@code position}. */
        void restore(RoomSnapshot snapshot, long position);

        void apply(Event event, long position);
    }

    /** Appends {@code event}; when this returns, the event survives a crash of the process. Returns its position. */
    long append(Event event) throws EventLogException;

    /**
     * Appends {@code events} together; when this returns, all of them are durable. An engine may make
     * this one transaction (one sync to disk for the lot); by default they are appended in turn.
     * Returns the position of the last.
     */
    default long appendAll(List<Event> events) throws EventLogException {
        long position = -1;
        for (Event event : events) {
            position = append(event);
        }
        return position;
    }

    /**
     * Stores {@code snapshot} as the state of its room after the event at {@code position}, durably;
     * the room's events up to that position are no longer replayed and may be deleted.
     */
    void snapshot(RoomSnapshot snapshot, long position) throws EventLogException;

    /** Hands every room's latest snapshot, then every event after its room's snapshot, oldest first. */
    void replay(Recovery into) throws EventLogException;

    /**
     * Hands {@code room}'s latest snapshot (if any), then its events after it, oldest first: what a
     * hub needs to take the room up when its first client arrives, without reading any other room.
     */
    void load(String room, Recovery into) throws EventLogException;

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
