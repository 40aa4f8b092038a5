package dev.entangle.hub.store;

import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;

/** Something the hub accepted, as the event log keeps it: enough to rebuild the hub's state after a restart. */
public sealed interface Event permits Event.ValueAccepted, Event.TextCommitted, Event.OwnershipChanged {

    String room();

    /** A bound value changed: its vector, its place in the binding's order, and who may see it. */
    record ValueAccepted(String room, MutationVector vector, long serverSeq, Target audience) implements Event {
    }

    /**
     * A text operation committed as {@code revision} of {@code doc}, as transformed by the sequencer;
     * {@code author} and {@code clientSeq} let a restarted hub recognise a resent operation.
     */
    record TextCommitted(String room, String doc, long revision, String author, long clientSeq,
            TextOperation operation) implements Event {
    }

    /** The ownership token of an owned binding moved to {@code owner} (null: nobody holds it). */
    record OwnershipChanged(String room, String selector, String owner) implements Event {
    }
}
