package dev.entangle.core.session;

import dev.entangle.core.protocol.ErrorCode;
import java.util.List;

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

    /**
     * Local changes are held for batching: call {@link ClientSession#flush()} after
     * {@code delayMillis}. A platform that never calls it keeps them until the next connection.
     */
    default void flushAfter(long delayMillis) {
    }

    /** A member of the room is {@code present} (there when we joined), {@code joined} or {@code left}. */
    default void peer(String event, String clientId, List<String> teams) {
    }

    /** A member's message on the ephemeral lane (cursor, typing, presence): only the latest of each key matters. */
    default void ephemeral(String source, String key, Object value) {
    }
}
