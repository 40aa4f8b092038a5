package dev.entangle.hub.room;

import dev.entangle.hub.store.Event;
import java.util.List;

/**
 * What a feature hands to a room's order ({@link RoomPipeline}): a {@link Change} the pipeline stages
 * in a round, writes and then applies, or a {@link Step} that reads the room between rounds; a staged
 * change is a {@link Staged}. Something that happens in the room's order.
 */
public sealed interface RoomTask permits RoomTask.Change, RoomTask.Step {
    /** The task failed with an unexpected exception: tell whoever sent it (the room goes on). */
    void crashed(RuntimeException e);

    /** A change that may be written to the event log: staged in a round, applied once durable. */
    non-sealed interface Change extends RoomTask {
        /**
         * Checks the change against the room and what is staged before it; returns it staged, or null
         * when it was refused or needs nothing (it has answered already). Called holding the room's lock.
         */
        Staged stage();

        /** Whether the round ends after this change (its effects cannot share a round with the next). */
        default boolean closesRound() {
            return false;
        }
    }

    /** A step that reads (and may change) the room when nothing is staged; runs holding the room's lock. */
    non-sealed interface Step extends RoomTask {
        void run();
    }

    /** A staged change: its events, and what to do once they are durable, or when their write failed. */
    interface Staged {
        /** The events to append (may be empty: a duplicate acknowledged once the round is durable). */
        List<Event> events();

        /** Durable: apply, acknowledge, publish. Holding the room's lock, in the round's order. */
        void committed();

        /**
         * Undoes whatever staging did, without answering anyone: another node appended to the room
         * first, and the change is staged again once the room has followed it. Holding the lock, in
         * reverse order.
         */
        void undo();

        /** The write failed: {@link #undo} and refuse. Holding the lock, in reverse order. */
        void failed();
    }
}
