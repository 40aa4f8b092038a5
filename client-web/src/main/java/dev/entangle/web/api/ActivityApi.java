package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/** {@code client.activity}: the room's durable activity stream (docs/MULTIPLAYER.md, "Activity"). */
public interface ActivityApi extends JSObject {

    /** The entries loaded, oldest first; the same array until one arrives. */
    @JSProperty
    JSObject getEntries();

    @JSProperty
    boolean isMore();

    /** Posts an app's entry {@code {type, summary, ...}}; resolves with it as stored. */
    JSPromise<JSObject> post(JSObject entry);

    /** {@code {before, limit}}: resolves with {@code {entries, more}}. */
    JSPromise<JSObject> list(JSObject options);

    /** {@code 'activity'}: each new entry. */
    Unsubscribe on(JSObject event, JSObject listener);
}
