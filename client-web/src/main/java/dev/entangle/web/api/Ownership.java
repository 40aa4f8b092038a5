package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/**
 * The ownership token of an owned binding ({@code link.ownership}). Only the holder's changes are
 * accepted by the hub; the hub is the only authority, so each call resolves once it has answered,
 * and rejects with its error code (for instance {@code not_owner}).
 */
public interface Ownership extends JSObject {

    /** The client holding the token, or null when nobody does. */
    @JSProperty
    String getOwner();

    /** Whether this client holds it. */
    @JSProperty
    boolean isMine();

    /** Takes the token when nobody holds it; otherwise the holder is asked and the promise rejects with {@code not_owner}. */
    JSPromise<JSObject> request();

    /** Gives the token up (the holder only). */
    JSPromise<JSObject> release();

    /** Hands the token to {@code clientId}, who must have entangled the same element (the holder only). */
    JSPromise<JSObject> transfer(String clientId);
}
