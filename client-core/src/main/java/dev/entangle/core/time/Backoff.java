package dev.entangle.core.time;

/**
 * Reconnect delays: exponential growth from {@code baseMs} up to {@code maxMs}, with "equal jitter"
 * (half fixed, half random) so a hub restart is not met by every client at the same instant, while
 * no delay collapses to zero.
 */
public final class Backoff {
    private final long baseMs;
    private final long maxMs;

    public Backoff(long baseMs, long maxMs) {
        if (baseMs <= 0 || maxMs < baseMs) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, got base " + baseMs + ", max " + maxMs);
        }
        this.baseMs = baseMs;
        this.maxMs = maxMs;
    }

    /** The delay before reconnect attempt {@code attempt} (0 for the first), given a random number in [0, 1). */
    public long delayMillis(int attempt, double random) {
        if (random < 0 || random >= 1) {
            // Not "got " + random: formatting a double would pull TeaVM's double-to-text tables into the browser bundle.
            throw new IllegalArgumentException("random must be in [0, 1), got "
                    + (random < 0 ? "a negative number" : "1 or more"));
        }
        long ceiling = maxMs;
        if (attempt < 30) {
            ceiling = Math.min(maxMs, baseMs << Math.max(0, attempt));
        }
        long half = ceiling / 2;
        return half + (long) (random * (ceiling - half));
    }
}
