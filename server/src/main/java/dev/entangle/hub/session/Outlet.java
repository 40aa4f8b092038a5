package dev.entangle.hub.session;

/** Where a connection's frames go: a WebSocket in the hub, a queue in tests. */
public interface Outlet {
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

    /** Close the transport with a WebSocket close code and a reason the client can show. */
    void close(int code, String reason);
}
