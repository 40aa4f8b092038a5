package dev.entangle.core.failover;

import dev.entangle.core.time.Backoff;
import java.util.List;

/**
 * Which hub a client tries next, and after what delay. A client given several hub URLs (nodes of
 * one cluster) connects to one of them; when that connection fails to open or is lost, the next
 * attempt goes to the next URL in the list, round robin. The first URL is drawn at random, so a
 * fleet of pages spreads over the nodes instead of all landing on the first.
 *
 * <p>Every attempt waits the {@link Backoff} delay of its round, and the round only advances once
 * every URL has been tried and failed: a dead node among live ones costs one short jittered wait
 * (125–250 ms with the clients' backoff), while a cluster that is down altogether is retried ever
 * more slowly, as a single hub is. With one URL a round is one attempt, so the delays are exactly
 * the single hub's.
 *
 * <p>Pure policy: no clock, no sockets, no randomness of its own (callers hand in numbers in
 * [0, 1)). The browser's transports and the JVM client drive it.
 */
public final class HubRotation {
    private final List<String> urls;
    private final Backoff backoff;
    private int index;
    /** Attempts that failed since a connection last opened. */
    private int failures;

    /**
     * {@code urls}: at least one {@code ws://} or {@code wss://} URL (see {@link #checked});
     * {@code random} in [0, 1) picks the first one tried.
     */
    public HubRotation(List<String> urls, Backoff backoff, double random) {
        if (random < 0 || random >= 1) {
            // Not "got " + random: formatting a double would pull TeaVM's double-to-text tables into the browser bundle.
            throw new IllegalArgumentException("random must be in [0, 1), got "
                    + (random < 0 ? "a negative number" : "1 or more"));
        }
        if (backoff == null) {
            throw new IllegalArgumentException("a hub rotation needs a backoff, got null");
        }
        this.urls = checked(urls);
        this.backoff = backoff;
        this.index = (int) (random * this.urls.size());
    }

    /** Whether {@code url} is a WebSocket URL a client can be pointed at. */
    public static boolean isWebSocketUrl(String url) {
        return url != null && (url.startsWith("ws://") || url.startsWith("wss://"));
    }

    /**
     * An unmodifiable copy of {@code urls}, refused with an {@link IllegalArgumentException}
     * naming the problem when it is null or empty, or holds anything but ws:// and wss:// URLs.
     */
    public static List<String> checked(List<String> urls) {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("no hub URL: give at least one ws:// or wss:// URL, got "
                    + (urls == null ? "null" : "an empty list"));
        }
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            if (!isWebSocketUrl(url)) {
                throw new IllegalArgumentException("hub URL " + (i + 1) + " of " + urls.size()
                        + " must start with ws:// or wss://, got " + (url == null ? "null" : "\"" + url + "\""));
            }
        }
        return List.copyOf(urls); // not Collections.unmodifiableList: the browser bundles would carry its classes too
    }

    /** Every URL, in the order given. */
    public List<String> urls() {
        return urls;
    }

    /** The URL to connect to now: the one in use while connected, the next one to try while not. */
    public String current() {
        return urls.get(index);
    }

    /** A connection to {@link #current()} opened: the next failure starts again from the first round. */
    public void opened() {
        failures = 0;
    }

    /**
     * The connection to {@link #current()} failed to open or was lost: moves on to the next URL and
     * returns how long to wait before trying it. {@code random} in [0, 1) is the backoff's jitter.
     */
    public long failed(double random) {
        long delay = backoff.delayMillis(failures / urls.size(), random);
        failures++;
        index = (index + 1) % urls.size();
        return delay;
    }

    /**
     * Something suggests the network is back (the browser's {@code online} event): the next
     * attempt, made at once by the caller, counts as the first of a fresh round.
     */
    public void retryNow() {
        failures = 0;
    }

    /** Full rounds that failed since a connection last opened: every URL tried this many times over. */
    public int failedRounds() {
        return failures / urls.size();
    }
}
