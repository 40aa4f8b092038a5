package dev.entangle.hub.session;

/** Where a connection's frames go: a WebSocket in the hub, a queue in tests. */
public interface Outlet {
    /** Queue a text frame; never blocks. */
    void send(String frame);

    /** Close the transport with a WebSocket close code and a reason the client can show. */
    void close(int code, String reason);
}
