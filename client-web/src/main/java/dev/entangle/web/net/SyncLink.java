package dev.entangle.web.net;

import dev.entangle.core.sync.ServerDelta;
import dev.entangle.core.sync.SyncEngine;

/** A way to the hub for a sync client: the WebSocket, or HTTP with server-sent events. */
public interface SyncLink extends SyncEngine.Transport {

    /** What a link tells its client. */
    interface Events {
        /** Joined and following the room: catch up and send what is queued. */
        void online();

        void offline();

        void delta(ServerDelta delta);

        /** A verdict on an operation of no batch in flight (a late answer). */
        void verdict(dev.entangle.core.sync.OperationResult result);

        void presence(String clientId, boolean connected);

        /** The link never got through, several times in a row (a proxy that blocks WebSockets, say). */
        void unreachable();

        void refused(String code, String message);

        /** A newer connection with the same client id took over; the link has stopped for good. */
        void replaced(String message);
    }

    String name();

    /** The address of the hub this link uses now (the WebSocket URL, or the HTTP base). */
    String url();

    void start();

    void stop();

    /** Shows this link's frames to {@code tap} (null stops); a link without frames shows nothing. */
    default void tap(WebSocketTransport.Tap tap) {
    }
}
