package dev.entangle.web.api;

import org.teavm.jso.JSObject;

/**
 * A page client's presence, chat, activity and pointers, as the client reaches them: an interface,
 * so the lite entry, which never makes one, carries none of their code.
 */
interface Multiplayers {
    PresenceApi presence();

    ChatApi chat(JSObject name);

    ActivityApi activity();

    CursorsHandle cursors(JSObject container, JSObject options);

    /** Joined (again). */
    void joined();

    /** The client closed. */
    void close();
}
