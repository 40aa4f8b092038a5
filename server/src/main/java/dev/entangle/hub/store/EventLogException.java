package dev.entangle.hub.store;

/**
 * The log could not store or read events (disk full, file unreadable); what was being appended was not accepted.
 * {@link PositionConflict} is the one kind a writer is expected to handle: another writer got there first.
 */
public class EventLogException extends RuntimeException {
    public EventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
