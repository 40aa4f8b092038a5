package dev.entangle.web.api;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.web.json.BrowserJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The persistent bindings of one tab's session (sessionStorage survives a reload and a move to
 * another page of the same site in the same tab): selector → the options it was made with, as JSON.
 */
final class PersistentBindings {
    private final String key;

    PersistentBindings(String room, String clientId) {
        this.key = "entangle:bindings:" + room + ":" + clientId;
    }

    Map<String, String> saved() {
        Map<String, String> out = new LinkedHashMap<>();
        String stored = Js.sessionGet(key);
        if (stored == null) {
            return out;
        }
        try {
            for (Map.Entry<?, ?> entry : Json.parseObject(stored, BrowserJson.ENGINE).asMap().entrySet()) {
                if (entry.getValue() instanceof String options) {
                    out.put(Json.key(entry.getKey()), options);
                }
            }
        } catch (JsonException e) {
            Js.warn("Entangle: ignored unreadable persistent bindings in sessionStorage: " + e.getMessage());
        }
        return out;
    }

    void remember(String selector, String optionsJson) {
        Map<String, String> all = saved();
        all.put(selector, optionsJson);
        Js.sessionSet(key, BrowserJson.ENGINE.write(all));
    }

    void forget(String selector) {
        Map<String, String> all = saved();
        if (all.remove(selector) != null) {
            Js.sessionSet(key, all.isEmpty() ? null : BrowserJson.ENGINE.write(all));
        }
    }
}
