package dev.entangle.web.api;

import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/** {@code client.chat(name)}: one durable chat of the room (docs/MULTIPLAYER.md, "Chat"). */
public interface ChatApi extends JSObject {

    @JSProperty
    String getName();

    /** The messages loaded, oldest first, then this client's pending ones ({@code pending: true}); the same array until one changes. */
    @JSProperty
    JSObject getMessages();

    /** Messages of others after this client's read mark. */
    @JSProperty
    int getUnread();

    /** Whether older messages exist than those loaded ({@code history} loads them). */
    @JSProperty
    boolean isMore();

    /** Each member's read mark: {@code {clientId: n}}. */
    @JSProperty
    JSObject getReads();

    /** Sends {@code text}; resolves with the message once the hub stored it (shown at once as pending). */
    JSPromise<JSObject> send(JSObject text);

    JSPromise<JSObject> edit(JSObject id, JSObject text);

    @JSMethod("delete")
    JSPromise<JSObject> remove(JSObject id);

    /** Toggles this client's reaction {@code emoji} on message {@code id}. */
    JSPromise<JSObject> react(JSObject id, JSObject emoji);

    /** Marks everything up to message {@code id} read (the others see the mark). */
    JSPromise<JSObject> markRead(JSObject id);

    /** {@code {before, limit}}: resolves with {@code {messages, more}}, older messages joining {@code messages}. */
    JSPromise<JSObject> history(JSObject options);

    /** Searches on the hub ({@code {from, since, until, limit}}): resolves with the messages found, newest first. */
    JSPromise<JSObject> search(JSObject query, JSObject options);

    /** The user types in this chat's input: {@code typing} in presence for about 3 s. */
    void typing();

    /** {@code 'message'}, {@code 'edit'}, {@code 'delete'}, {@code 'reaction'}, {@code 'read'}, {@code 'confirmed'}, {@code 'history'}. */
    Unsubscribe on(JSObject event, JSObject listener);
}
