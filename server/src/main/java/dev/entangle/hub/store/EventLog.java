package dev.entangle.hub.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * The hub's memory of everything it accepted, in order. {@link #append} returns only once the
 * event is durable, so the hub acknowledges nothing it could forget. Implementations: {@link
 * MemoryEventLog} (tests, throwaway hubs) and {@link SqliteEventLog} (the embedded default, a file
 * in the data directory); a server database plugs in behind the same interface.
 */
public interface EventLog extends AutoCloseable {

    /** Appends {@code event}; when this returns, the event survives a crash of the process. */
    void append(Event event) throws EventLogException;

    /**
     * Appends {@code events} together; when this returns, all of them are durable. An engine may make
     * this one transaction (one sync to disk for the lot); by default they are appended in turn.
     */
    default void appendAll(List<Event> events) throws EventLogException {
        events.forEach(this::append);
    }

    /** Hands every event appended so far, oldest first, to {@code into}. */
    void replay(Consumer<Event> into) throws EventLogException;

    /** How many events the log holds. */
    long size();

    /**
     * Names this log's history: stable across restarts on the same data, different for another log.
     * Clients resume from their last revision only when the hub's epoch is the one they saw.
     */
    String epoch();

    @Override
    void close();
}
