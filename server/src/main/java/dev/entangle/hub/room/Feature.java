package dev.entangle.hub.room;

import dev.entangle.core.protocol.Message;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.Set;

/**
 * One capability of a room (bound values, ownership, text, named operations, the ephemeral lane).
 * The router hands it the messages of its types; it turns them into tasks on the room's
 * {@link RoomPipeline}, writes through the event log only by staging events there, reads its own
 * events back when a room is taken up, and reaches members only through the backplane. It never
 * touches a socket or a database.
 */
public interface Feature {

    /** The message types it handles; each type belongs to one feature. */
    Set<Class<? extends Message>> messages();

    /** Handles {@code message} from {@code connection}, a member of {@code room}, in the connection's order. */
    void handle(Connection connection, Room room, Message message);

    /** Reads one of its logged events back into {@code room}; false when the event is another feature's. */
    boolean replay(Room room, Event event);

    /**
     * Applies one of its events that another hub appended to {@code room} on a shared log (as
     * {@link #replay} does) and publishes what the members here must hear of it, through the room's
     * pipeline; false when the event is another feature's. Holding the room's lock, nothing staged.
     */
    default boolean follow(Room room, Event event) {
        return replay(room, event);
    }

    /** Delivers one of its publications to the members of {@code room} connected here; false when not its own. */
    boolean deliver(Room room, Publication publication);

    /** Takes its part of {@code snapshot} (a room being read back from the log, before anyone joins). */
    default void restore(Room room, RoomSnapshot snapshot) {
    }

    /** Adds its part of the room's state to a snapshot being taken (holding the room's lock, nothing staged). */
    default void snapshot(Room room, SnapshotParts out) {
    }

    /** The room has been read back from the log (its snapshot and events): before anyone joins. */
    default void loaded(Room room) {
    }

    /** {@code member} joined {@code room} ({@code back}: within its grace period, its peers never saw it leave). Hold the room's lock. */
    default void joined(Room room, Connection member, boolean back) {
    }

    /** {@code clientId} left {@code room} for good. Hold the room's lock. */
    default void left(Room room, String clientId) {
    }
}
