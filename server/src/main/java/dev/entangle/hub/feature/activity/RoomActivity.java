package dev.entangle.hub.feature.activity;

import dev.entangle.hub.room.Room;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room's activity stream: its latest entries (at most {@code kept}, oldest dropped first), the
 * members here who follow it (they listed it; they are sent each new entry), and when each client
 * last edited each document or binding (edits closer together than a burst's gap make one entry).
 * Guarded by the room's lock.
 */
public final class RoomActivity implements Room.Part {
    private final ArrayDeque<Map<String, Object>> entries = new ArrayDeque<>();
    private long last; // n of the newest entry ever noted
    private final Set<String> followers = new HashSet<>();
    private final Map<String, Long> lastEdits = new HashMap<>();

    /** The number the next entry gets. */
    long nextN() {
        return last + 1;
    }

    /** Adds an entry (its {@code n} the next); returns how to take it back (a round whose write failed). */
    Runnable add(Map<String, Object> entry, int kept) {
        long previousLast = last;
        entries.addLast(entry);
        last = (Long) entry.get("n");
        Map<String, Object> dropped = entries.size() > kept ? entries.pollFirst() : null;
        return () -> {
            entries.pollLast();
            last = previousLast;
            if (dropped != null) {
                entries.addFirst(dropped);
            }
        };
    }

    /** Up to {@code limit} entries before number {@code before} (null: the latest), oldest first; and whether older ones are kept. */
    Page page(Long before, int limit) {
        List<Map<String, Object>> taken = new ArrayList<>();
        boolean more = false;
        Iterator<Map<String, Object>> newestFirst = entries.descendingIterator();
        while (newestFirst.hasNext()) {
            Map<String, Object> entry = newestFirst.next();
            if (before != null && (Long) entry.get("n") >= before) {
                continue;
            }
            if (taken.size() == limit) {
                more = true;
                break;
            }
            taken.add(entry);
        }
        java.util.Collections.reverse(taken);
        return new Page(taken, more);
    }

    record Page(List<Map<String, Object>> entries, boolean more) {
    }

    void follow(String clientId) {
        followers.add(clientId);
    }

    boolean follows(String clientId) {
        return followers.contains(clientId);
    }

    /**
     * Notes an edit of {@code key} at {@code now}; true when it starts a burst (none within {@code gapMillis}
     * before it). Edits older than the gap are forgotten as the table grows.
     */
    boolean editStartsBurst(String key, long now, long gapMillis) {
        if (lastEdits.size() > 1_000) {
            lastEdits.values().removeIf(at -> at <= now - gapMillis);
        }
        Long previous = lastEdits.put(key, now);
        return previous == null || now - previous >= gapMillis;
    }

    @Override
    public void memberLeft(String clientId) {
        followers.remove(clientId);
    }

    /** Entries are in the event log: a room with nothing else may be forgotten and read back with them. */
    @Override
    public boolean isEmpty() {
        return true;
    }

    /** As a room snapshot keeps it: {@code {"last": n, "entries": [...]}}. */
    Map<String, Object> toStored() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("last", last);
        out.put("entries", new ArrayList<Object>(entries));
        return out;
    }

    @SuppressWarnings("unchecked")
    void restore(Map<String, Object> stored, int kept) {
        entries.clear();
        for (Object entry : (List<?>) stored.get("entries")) {
            entries.addLast(new LinkedHashMap<>((Map<String, Object>) entry));
        }
        while (entries.size() > kept) {
            entries.pollFirst();
        }
        last = (Long) stored.get("last");
    }
}
