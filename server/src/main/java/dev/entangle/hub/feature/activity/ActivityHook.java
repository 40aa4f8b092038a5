package dev.entangle.hub.feature.activity;

import dev.entangle.hub.room.Room;

/**
 * What the other features tell the activity stream once a client's change is durable (called
 * holding the room's lock, as the change is applied): the stream decides which of them become
 * entries (one per burst of edits) and writes those through the room's pipeline.
 */
public interface ActivityHook {
    /** Tells nothing: for features built without an activity stream (tests). */
    ActivityHook NONE = new ActivityHook() {
    };

    /** {@code clientId} edited a text document ({@code field} "doc") or changed a bound value ("selector") {@code name}. */
    default void edited(Room room, String clientId, String field, String name) {
    }

    /** Named operation {@code name}, pushed by {@code author}, was applied. */
    default void operationApplied(Room room, String author, String name) {
    }

    /** {@code clientId} sent message {@code id} to chat {@code chat}. */
    default void chatSent(Room room, String clientId, String chat, String id) {
    }
}
