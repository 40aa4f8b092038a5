package dev.entangle.web.api;

import dev.entangle.core.json.JsonException;
import dev.entangle.core.sync.LocalSnapshot;
import dev.entangle.web.json.BrowserJson;
import dev.entangle.web.persist.IndexedDbStore;
import java.util.function.BiConsumer;

/**
 * Where {@code Entangle.sync} keeps its replica between page loads: one IndexedDB record per room
 * and store name, claimed by one tab at a time. A record that cannot be read back is ignored (the
 * replica starts afresh from the hub), and a browser without IndexedDB is warned about once.
 */
final class SyncStore {
    private final String key;
    private boolean warned;

    private SyncStore(String key) {
        this.key = key;
    }

    /** Claims and reads the record of {@code room}'s store {@code store}; {@code opened} gets it and what it held (or null). */
    static void open(String room, String store, BiConsumer<SyncStore, LocalSnapshot> opened) {
        IndexedDbStore.claimAndLoad("sync:" + room + ":" + store, (key, text) -> {
            LocalSnapshot stored = null;
            if (text != null) {
                try {
                    stored = LocalSnapshot.fromJson(BrowserJson.ENGINE.parse(text));
                } catch (JsonException | IllegalArgumentException e) {
                    Js.warn("Entangle.sync: ignoring an unreadable local store: " + e.getMessage());
                }
            }
            opened.accept(new SyncStore(key), stored);
        });
    }

    /** Writes {@code snapshot} over the record. */
    void save(LocalSnapshot snapshot) {
        IndexedDbStore.save(key, BrowserJson.ENGINE.write(snapshot.toJson()), ok -> {
            if (!ok && !warned) {
                warned = true;
                Js.warn("Entangle.sync: IndexedDB is not available; the state will not survive a reload");
            }
        });
    }
}
