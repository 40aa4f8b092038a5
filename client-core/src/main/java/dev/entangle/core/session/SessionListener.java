package dev.entangle.core.session;

import dev.entangle.core.protocol.ErrorCode;

/** What a session tells the page as a whole. */
public interface SessionListener {

    /** The hub accepted the join; the session is live. */
    void joined(long heartbeatMs);

    /** The hub refused something, or a remote change was refused locally. */
    void error(ErrorCode code, String message);

    /** How many local changes the hub has not acknowledged changed (see {@link ClientSession#pending()}). */
    default void pendingChanged(int pending) {
    }

    /**
     * The hub refused a change for now ({@link ErrorCode#isTransient()}): call
     * {@link ClientSession#retry()} after {@code delayMillis} (exponential backoff with jitter).
     */
    default void retryAfter(long delayMillis) {
    }
}
