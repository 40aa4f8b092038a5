package dev.entangle.hub.backplane;

/**
 * Where a room's committed changes and ephemeral messages go to reach its members — on every node
 * that has some. A feature never sends a relay to connections itself: it publishes here, and each
 * node's {@link Receiver} delivers to the members connected to that node. The default,
 * {@link LocalBackplane}, has one node and delivers at once, in publishing order; a backplane over
 * Redis (several hubs) plugs in behind the same seam, so no feature may assume every member of a
 * room is connected here.
 */
public interface Backplane extends AutoCloseable {

    /** What a node does with a publication: deliver it to the room's members connected to it. */
    @FunctionalInterface
    interface Receiver {
        void deliver(Publication publication);

        /**
         * Another node appended to {@code room} in the shared event log, up to {@code position},
         * {@code lagMillis} ago: follow it, if the room is kept here.
         */
        default void follow(String room, long position, long lagMillis) {
        }

        /** A node that just took up {@code room} asks who is in it: announce this node's members of it. */
        default void roster(String room) {
        }

        /** Node {@code node} went silent (died, or lost its way to the others): its clients are gone from it. */
        default void nodeGone(String node) {
        }

        /** Node {@code node}, taken as gone, is heard again: it was only silent; who is on it is asked again. */
        default void nodeBack(String node) {
        }
    }

    /**
     * Starts handing publications (this node's and, with several nodes, the others') to
     * {@code receiver}. {@code logEpoch} names the event log the nodes share (its
     * {@linkplain dev.entangle.hub.store.EventLog#epoch epoch}): nodes of another log are another
     * cluster, even on the same Redis.
     */
    void start(Receiver receiver, String logEpoch);

    /**
     * Delivers {@code publication} here at once, and — unless it is {@linkplain
     * Publication#followedFromLog followed from the log} — to every other node with members of its
     * room; per room in order.
     */
    void publish(Publication publication);

    /** This node appended to {@code room}, up to {@code lastPosition}: the other nodes are told to follow. */
    default void moved(String room, long lastPosition) {
    }

    /** Asks the other nodes to {@linkplain #announce announce} their members of {@code room} (it was just taken up here). */
    default void askRoster(String room) {
    }

    /**
     * Sends {@code presence} (a {@link Publication.Presence} or a {@link Publication.PresenceState}) to
     * the other nodes only: an answer to their {@link #askRoster}, or news only they need.
     */
    default void announce(Publication presence) {
    }

    /** Whether other nodes share the event log (then each node also checks now and then that it missed no move). */
    default boolean shared() {
        return false;
    }

    /** Whether it can reach the other nodes now (for {@code GET /ready}). */
    default boolean reachable() {
        return true;
    }

    @Override
    default void close() {
    }
}
