package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** {@code client.presence}: what this client shows of itself, and what the others show. */
public interface PresenceApi extends JSObject {

    /**
     * Merges {@code state} into this client's presence ({@code status}, {@code name}, {@code color},
     * {@code avatar} and the app's own keys; a key set to null is removed) and tells the room.
     */
    void set(JSObject state);

    /** This client's presence: {@code {clientId, status, typing, ...}}. */
    @JSProperty
    JSObject getMe();

    /**
     * The other members: {@code [{clientId, status, name, color, avatar, cursor, typing, lastActive, ...}]};
     * the same array until something changes.
     */
    @JSProperty
    JSObject getOthers();

    /** The user is typing (for an editor Entangle does not bind): {@code typing} for about 3 s. */
    void typing();
}
