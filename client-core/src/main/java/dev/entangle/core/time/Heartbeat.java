package dev.entangle.core.time;

/**
 * Liveness of a connection the browser cannot ping at the WebSocket level: the client sends an
 * application ping every interval, and declares the connection dead when it has heard nothing at
 * all (pong or anything else) for two intervals and a grace period.
 */
public final class Heartbeat {
    private final long intervalMs;
    private long lastHeard;

    public Heartbeat(long intervalMs, long now) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + intervalMs);
        }
        this.intervalMs = intervalMs;
        this.lastHeard = now;
    }

    public long intervalMs() {
        return intervalMs;
    }

    public void heard(long now) {
        lastHeard = Math.max(lastHeard, now);
    }

    public boolean isDead(long now) {
        return now - lastHeard > 2 * intervalMs + 1000;
    }
}
