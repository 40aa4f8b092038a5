package dev.entangle.web.devtools;

import dev.entangle.web.net.WebSocketTransport;

/** A client of the page as the devtools panel sees it: what it holds now, and its frames while the panel is open. */
public interface Inspectable {

    /** Writes what this client holds now (connection, bindings, peers, pending work) into {@code report}. */
    void describe(Report report);

    /** Shows every frame in and out to {@code tap}; null stops (the panel closed). */
    void tap(WebSocketTransport.Tap tap);

    /** The name this client goes by in the flow of changes. */
    String label();
}
