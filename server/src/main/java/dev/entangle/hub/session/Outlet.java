package dev.entangle.hub.session;

import java.util.List;

/** Where a connection's frames go: a WebSocket in the hub, a queue in tests. */
public interface Outlet {
    /** A frame of the ephemeral lane and the key it coalesces under. */
    record Ephemeral(String coalesceKey, String frame) {
    }

    /** Queue a text frame; never blocks. */
    void send(String frame);

    /**
     * Queue a frame answering this connection's own message (an ack, an error, what a
     * {@code text-open} catches up with): written at once, on the caller's thread, when the socket
     * is free, so a long answer goes out as fast as the socket takes it instead of waiting in the
     * queue. Never blocks.
     */
    default void reply(String frame) {
        send(frame);
    }

    /**
     * Queue a frame of the ephemeral lane: it goes before the frames queued with {@link #send}, and
     * replaces one still waiting under the same {@code coalesceKey} (a receiver behind gets only the
     * latest). Never blocks; an outlet with no lane of its own sends it as any frame.
     */
    default void sendEphemeral(String coalesceKey, String frame) {
        send(frame);
    }

    /**
     * Frames of the ephemeral lane, in order, each as {@link #sendEphemeral(String, String)} would
     * take it; an outlet that writes starts one write for them all (a room relaying what moved
     * in an interval to each of its members).
     */
    default void sendEphemeral(List<Ephemeral> frames) {
        for (Ephemeral e : frames) {
            sendEphemeral(e.coalesceKey(), e.frame());
        }
    }

    /** Close the transport with a WebSocket close code and a reason the client can show. */
    void close(int code, String reason);
}
