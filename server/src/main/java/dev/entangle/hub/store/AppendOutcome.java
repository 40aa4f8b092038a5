package dev.entangle.hub.store;

/** What became of one {@link EventLog.Append} of a {@link EventLog#commit}: written, or refused as stale. */
public sealed interface AppendOutcome permits AppendOutcome.Appended, AppendOutcome.Conflicted {

    /** Written: the append's events hold the consecutive positions ending at {@code lastPosition}. */
    record Appended(long lastPosition) implements AppendOutcome {
    }

    /** Not written: the room was not where the append expected it. */
    record Conflicted(PositionConflict conflict) implements AppendOutcome {
    }

    /** The position of the append's last event; throws the conflict (raised again here) when it was refused. */
    default long lastPositionOrThrow() {
        if (this instanceof Conflicted c) {
            PositionConflict seen = c.conflict();
            // A new exception, so its stack shows this caller rather than the thread that wrote the transaction.
            throw new PositionConflict(seen.room(), seen.expected(), seen.actual());
        }
        return ((Appended) this).lastPosition();
    }
}
