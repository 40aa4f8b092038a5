package dev.entangle.core.multiplayer;

import dev.entangle.core.json.Json;
import dev.entangle.core.protocol.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room's activity stream as this client has loaded it (docs/MULTIPLAYER.md, "Activity"): the
 * entries in the hub's order, kept current by the hub's relays; older pages on demand.
 */
public final class ActivityFeed {

    /** A new entry arrived (relayed, or in the latest page after a reconnect). */
    public interface Listener {
        void activity(Map<String, Object> entry);
    }

    private static final int PAGE = 50;
    /** Entries kept in the page's memory; older ones are paged in again with {@link #list}. */
    private static final int KEPT = 1_000;

    private final Requests requests;
    private final Listener listener;
    private final Numbered entries = new Numbered();
    private boolean more;
    private boolean refreshing;

    ActivityFeed(Requests requests, Listener listener) {
        this.requests = requests;
        this.listener = listener;
    }

    /** The entries loaded, oldest first. */
    public List<Map<String, Object>> entries() {
        return new ArrayList<>(entries.all());
    }

    public boolean hasMore() {
        return more;
    }

    /** Loads the latest page (on first use and after every reconnect), unless one is asked for already. */
    void refresh() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        requests.send(seq -> request(seq, "list", ChatChannel.fields("limit", (long) PAGE)), false,
                (fields, code, message) -> {
                    refreshing = false;
                    if (fields != null) {
                        took(fields, true);
                    }
                });
    }

    /** Posts an application's entry ({@code type}, {@code summary} and its own fields). */
    public void post(Map<String, Object> entry, ChatChannel.Answer answer) {
        requests.send(seq -> request(seq, "post", ChatChannel.fields("entry", entry)), false, (fields, code, message) -> {
            if (fields != null && fields.get("entry") instanceof Map<?, ?> stored) {
                add(Json.fields(stored));
            }
            answer.answered(fields, code, message);
        });
    }

    /** Loads the page before entry {@code before} (null: the latest). */
    public void list(Long before, long limit, ChatChannel.Answer answer) {
        requests.send(seq -> request(seq, "list", ChatChannel.fields("before", before, "limit", limit)), false,
                (fields, code, message) -> {
                    if (fields != null) {
                        took(fields, before == null);
                    }
                    answer.answered(fields, code, message);
                });
    }

    /** An {@code activity-event}. */
    void receive(Map<String, Object> fields) {
        if (fields.get("entry") instanceof Map<?, ?> entry) {
            add(Json.fields(entry));
        }
    }

    private void add(Map<String, Object> entry) {
        if (entry.get("n") instanceof Long n && !entries.has(n)) {
            entries.put(entry);
            while (entries.size() > KEPT) {
                entries.dropFirst();
                more = true;
            }
            listener.activity(entry);
        }
    }

    private void took(Map<String, Object> fields, boolean latest) {
        if (fields.get("entries") instanceof List<?> page) {
            for (Object raw : page) {
                if (raw instanceof Map<?, ?> entry && entry.get("n") instanceof Long n) {
                    if (latest) {
                        add(Json.fields(entry)); // what happened while away is news
                    } else {
                        entries.put(Json.fields(entry));
                    }
                }
            }
            if (!latest || entries.size() <= page.size()) {
                more = Boolean.TRUE.equals(fields.get("more"));
            }
        }
    }

    private Message request(long seq, String action, Map<String, Object> rest) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", seq);
        fields.put("action", action);
        fields.putAll(rest);
        return new Message.Activity("activity", fields);
    }
}
