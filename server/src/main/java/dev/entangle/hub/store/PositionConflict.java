package dev.entangle.hub.store;

/**
 * An append stated the room's last position it knew ({@code expected}), and the room had moved on
 * ({@code actual}): someone else appended to it since, so nothing of this append was written. The
 * writer lost a race; it reloads the room from {@code expected} on and decides again.
 */
public final class PositionConflict extends EventLogException {
    private final String room;
    private final long expected;
    private final long actual;

    public PositionConflict(String room, long expected, long actual) {
        super("room '" + room + "' is at position " + actual + ", not at " + expected
                + " as the append expected: another writer appended to it first; nothing was written", null);
        this.room = room;
        this.expected = expected;
        this.actual = actual;
    }

    public String room() {
        return room;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
