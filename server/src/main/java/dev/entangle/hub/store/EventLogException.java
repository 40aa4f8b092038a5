package dev.entangle.hub.store;

/** The log could not store or read events (disk full, file unreadable); what was being appended was not accepted. */
public final class EventLogException extends RuntimeException {
    public EventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
