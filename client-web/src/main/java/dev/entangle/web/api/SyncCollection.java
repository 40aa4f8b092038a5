package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/**
 * {@code client.collection('todo')}: the entities of one type. Reads are local and give copies
 * carrying their {@code id}; writes go through the same optimistic path as any named operation
 * (built-in operations {@code entity.upsert} and {@code entity.delete}).
 */
public interface SyncCollection extends JSObject {

    JSPromise<JSObject> upsert(JSObject id, JSObject entity);

    JSPromise<JSObject> delete(JSObject id);

    /** The entity, or null. */
    JSObject findById(JSObject id);

    /** Every entity, in the order they were added. */
    JSObject all();

    JSObject where(JSObject predicate);

    /** Every entity sorted by {@code key}, {@code 'asc'} (the default) or {@code 'desc'}. */
    JSObject orderBy(JSObject key, JSObject direction);

    /** Calls {@code listener(all())} now and after every change of this type; returns the unsubscribe function. */
    Unsubscribe subscribe(JSObject listener);

    @JSProperty
    int getSize();
}
