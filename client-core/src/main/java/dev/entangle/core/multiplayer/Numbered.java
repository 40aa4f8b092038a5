package dev.entangle.core.multiplayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chat messages or activity entries in the hub's order, by their number {@code n}: a sorted list
 * (they nearly always arrive in order, so an insert is an append), which costs the browser bundle
 * far less than a TreeMap.
 */
final class Numbered {
    private final List<Map<String, Object>> items = new ArrayList<>();

    /** Where the item numbered {@code n} is, or {@code -(insertion point) - 1}. */
    private int find(long n) {
        int low = 0;
        int high = items.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long at = numberOf(items.get(mid));
            if (at < n) {
                low = mid + 1;
            } else if (at > n) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -low - 1;
    }

    static long numberOf(Map<String, Object> item) {
        return (Long) item.get("n");
    }

    boolean has(long n) {
        return find(n) >= 0;
    }

    Map<String, Object> get(long n) {
        int at = find(n);
        return at >= 0 ? items.get(at) : null;
    }

    /** Adds {@code item} (its {@code n} a Long), or replaces the one of the same number. */
    void put(Map<String, Object> item) {
        int at = find(numberOf(item));
        if (at >= 0) {
            items.set(at, item);
        } else {
            items.add(-at - 1, item);
        }
    }

    /** In order. */
    List<Map<String, Object>> all() {
        return items;
    }

    /** Those numbered after {@code n}, in order. */
    List<Map<String, Object>> after(long n) {
        int at = find(n);
        return items.subList(at >= 0 ? at + 1 : -at - 1, items.size());
    }

    int size() {
        return items.size();
    }

    void dropFirst() {
        items.remove(0);
    }
}
