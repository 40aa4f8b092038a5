package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSPromise;

/** What {@code await Entangle.connect(...)} gives a page. */
public interface Client extends JSObject {

    /** {@code 'connecting' | 'connected' | 'disconnected'}. */
    @JSProperty
    String getStatus();

    @JSProperty
    String getClientId();

    @JSProperty
    String getRoom();

    /** The hub in use: connected or connecting to (one of {@code options.url} when it names several). */
    @JSProperty
    String getUrl();

    /** Local changes the hub has not acknowledged yet. */
    @JSProperty
    int getPending();

    /**
     * Subscribes to {@code 'status'}, {@code 'error'} ({@code {code, message}}), {@code 'unsynced'}
     * (a first local change is not acknowledged yet, {@code {pending}}) or {@code 'synced'} (the hub
     * has acknowledged everything), {@code 'presence'} (the other members, after any change of
     * theirs or mine) or {@code 'cursor'} ({@code {clientId, cursor}}, a member's pointer moved);
     * returns the function that unsubscribes.
     */
    Unsubscribe on(JSObject event, JSObject listener);

    JSPromise<Link> entangle(JSObject element, JSObject options);

    /**
     * An N-to-N mesh: each element is bound, in mode {@code mesh}, to the same element of every
     * client in {@code members} (an array of client ids, this client's among them); every change
     * reaches every member. Resolves with one link per element.
     */
    JSPromise<JSArray<Link>> mesh(JSObject elements, JSObject members, JSObject options);

    /** The persistent bindings of earlier pages of this tab's session, entangled again by themselves. */
    @JSProperty
    JSPromise<JSArray<Link>> getRestored();

    /** The other clients in the room now (an array of ids). */
    @JSProperty
    JSObject getPeers();

    /** Binds a text field to shared document {@code options.doc}; resolves once the field shows the document. */
    JSPromise<TextBinding> text(JSObject element, JSObject options);

    /**
     * This client's presence and the other members' ({@code set}, {@code me}, {@code others},
     * {@code typing}); {@code client.on('presence', others => ...)} hears every change.
     */
    @JSProperty
    PresenceApi getPresence();

    /** Chat {@code name} of the room ({@code 'main'} when not given): the same object for the same name. */
    ChatApi chat(JSObject name);

    /** The room's activity stream. */
    @JSProperty
    ActivityApi getActivity();

    /** Everyone's pointer over {@code container} (see {@code Entangle.cursors}). */
    CursorsHandle cursors(JSObject container, JSObject options);

    void close();
}
