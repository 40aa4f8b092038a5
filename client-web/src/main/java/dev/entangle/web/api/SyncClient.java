package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/** What {@code await Entangle.sync(...)} gives a page: a replica of the room's synchronised state. */
public interface SyncClient extends JSObject {

    /**
     * Runs operation {@code name} at once (with the mutator registered under that name, if any),
     * then on the hub. Resolves with {@code {clientSeq}} once the hub confirmed it; rejects with
     * an Error carrying {@code code} when a mutator (local or the hub's) refused it.
     */
    JSPromise<JSObject> mutate(JSObject name, JSObject args);

    /** Registers the local mutator {@code fn(tx, args)} for operation {@code name}. */
    void register(JSObject name, JSObject fn);

    /** The typed collection of entity type {@code type}. */
    SyncCollection collection(JSObject type);

    /** The whole local state: {@code {type: {id: entity}}} (a copy). */
    @JSProperty
    JSObject getState();

    /** Subscribes to every change of the coordinator's status ({@code {stateVersion, pending, awaitingPull}}). */
    Unsubscribe onStateChange(JSObject listener);

    /** Subscribes to every server delta applied ({@code {stateVersion, prevStateVersion, full}}). */
    Unsubscribe onApplyDelta(JSObject listener);

    /** Subscribes to every rollback ({@code {clientSeq, name, args, code, message}}). */
    Unsubscribe onRollback(JSObject listener);

    /** {@code 'status'} (online / offline), {@code 'clients'} (ids in the room), {@code 'stalled'} ({@code {reason}}). */
    Unsubscribe on(JSObject event, JSObject listener);

    void pause();

    void resume();

    /** Stops for good; what is queued stays in the local store for the next page. */
    void destroy();

    /** The same as {@link #destroy()}: stops the link, every retry and timer; the local store stays. */
    void close();

    /** The operations not yet ruled on by the hub: {@code [{id, name, args, clientId, timestamp}]}. */
    JSObject getQueuedChanges();

    /** The local store as a file: a Blob of JSON. */
    JSObject backup();

    /** Replaces the local store with a backup (a Blob or File, its text, or its parsed object). */
    JSPromise<JSObject> restore(JSObject backup);

    /** {@code 'connecting' | 'online' | 'offline'}. */
    @JSProperty
    String getStatus();

    /** {@code 'websocket' | 'http'}. */
    @JSProperty
    String getTransport();

    /**
     * The hub in use: its WebSocket URL (or, over HTTP, its {@code http://host:port}), one of
     * {@code options.url} when it names several.
     */
    @JSProperty
    String getUrl();

    /** Local operations the hub has not folded into a version this replica has seen. */
    @JSProperty
    int getPending();

    @JSProperty
    double getStateVersion();

    /** The other clients connected to the room (ids). */
    @JSProperty
    JSObject getClients();
}
