package dev.entangle.hub.feature;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max} writes per {@code windowMillis} for each key (a client of a room): chat messages
 * and activity posts are written to the log for good, so a client gets a small budget of its own,
 * apart from the connection's rate of frames.
 */
public final class WriteQuota {
    /** Past this many keys, those with no write in the window are dropped (bounded memory). */
    private static final int PRUNE_AT = 10_000;

    private final int max;
    private final long windowMillis;
    private final Map<String, ArrayDeque<Long>> writes = new ConcurrentHashMap<>();

    public WriteQuota(int max, long windowMillis) {
        this.max = max;
        this.windowMillis = windowMillis;
    }

    /** Counts a write of {@code key} at {@code now}; false (nothing counted) when its window is full. */
    public boolean take(String key, long now) {
        if (writes.size() > PRUNE_AT) {
            writes.values().removeIf(times -> {
                synchronized (times) {
                    return times.isEmpty() || times.peekLast() <= now - windowMillis;
                }
            });
        }
        ArrayDeque<Long> times = writes.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
                times.pollFirst();
            }
            if (times.size() >= max) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    public int max() {
        return max;
    }

    public long windowMillis() {
        return windowMillis;
    }
}
