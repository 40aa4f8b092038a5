package dev.entangle.web.persist;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * One record per replica in the browser's IndexedDB (database {@code entangle}, object store
 * {@code replicas}): the replica's state and pending operations as JSON text. A tab first claims
 * a record with the Web Locks API, so two tabs never share one replica (and its operation
 * numbers): a second tab of the same app takes the next free slot. Where IndexedDB is missing or
 * blocked the store answers "nothing saved" and the client works without surviving reloads.
 */
public final class IndexedDbStore {

    @JSFunctor
    public interface Loaded extends JSObject {
        /** {@code key}: the record claimed; {@code text}: what it holds, or null. */
        void loaded(String key, String text);
    }

    @JSFunctor
    public interface Saved extends JSObject {
        void saved(boolean ok);
    }

    /** How many slots (tabs at once) one store name offers. */
    private static final int SLOTS = 16;

    private IndexedDbStore() {
    }

    /** Claims the first free slot of {@code name} for this page's lifetime and reads it. */
    public static void claimAndLoad(String name, Loaded loaded) {
        claimAndLoad(name, SLOTS, loaded);
    }

    @JSBody(params = {"name", "slots", "done"}, script = ""
            // Locals have long names: TeaVM renames the parameters to short ones.
            + "function read(key) {"
            + "  try {"
            + "    var open = indexedDB.open('entangle', 1);"
            + "    open.onupgradeneeded = function () { open.result.createObjectStore('replicas'); };"
            + "    open.onerror = function () { done(key, null); };"
            + "    open.onsuccess = function () {"
            + "      var database = open.result;"
            + "      try {"
            + "        var request = database.transaction('replicas', 'readonly').objectStore('replicas').get(key);"
            + "        request.onsuccess = function () { database.close(); done(key, typeof request.result === 'string' ? request.result : null); };"
            + "        request.onerror = function () { database.close(); done(key, null); };"
            + "      } catch (error) { database.close(); done(key, null); }"
            + "    };"
            + "  } catch (error) { done(key, null); }"
            + "}"
            + "function slot(index) {"
            + "  var key = index === 0 ? name : name + '#' + index;"
            + "  if (!navigator.locks || index >= slots) { read(key); return; }"
            + "  navigator.locks.request('entangle-store:' + key, { ifAvailable: true }, function (lock) {"
            + "    if (lock === null) { slot(index + 1); return undefined; }"
            + "    read(key);"
            + "    return new Promise(function () {});" // held until the page goes
            + "  });"
            + "}"
            + "slot(0);")
    private static native void claimAndLoad(String name, int slots, Loaded loaded);

    /** Writes {@code text} as the record {@code key}. */
    @JSBody(params = {"key", "text", "done"}, script = ""
            + "try {"
            + "  var open = indexedDB.open('entangle', 1);"
            + "  open.onupgradeneeded = function () { open.result.createObjectStore('replicas'); };"
            + "  open.onerror = function () { done(false); };"
            + "  open.onsuccess = function () {"
            + "    var database = open.result;"
            + "    try {"
            + "      var writing = database.transaction('replicas', 'readwrite');"
            + "      writing.objectStore('replicas').put(text, key);"
            + "      writing.oncomplete = function () { database.close(); done(true); };"
            + "      writing.onerror = writing.onabort = function () { database.close(); done(false); };"
            + "    } catch (error) { database.close(); done(false); }"
            + "  };"
            + "} catch (error) { done(false); }")
    public static native void save(String key, String text, Saved saved);
}
