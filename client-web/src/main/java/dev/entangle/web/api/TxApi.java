package dev.entangle.web.api;

import org.teavm.jso.JSObject;

/**
 * The {@code tx} a page's mutator gets: {@code tx.get(type, id)}, {@code tx.list(type)} (copies,
 * each carrying its {@code id}), {@code tx.put(type, id, entity)}, {@code tx.delete(type, id)} and
 * {@code tx.refuse(reason)}. Writes apply at once and are recorded as JSON Patches.
 */
public interface TxApi extends JSObject {
    JSObject get(JSObject type, JSObject id);

    JSObject list(JSObject type);

    void put(JSObject type, JSObject id, JSObject entity);

    boolean delete(JSObject type, JSObject id);

    void refuse(JSObject reason);
}
