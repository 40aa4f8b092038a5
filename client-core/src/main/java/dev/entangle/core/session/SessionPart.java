package dev.entangle.core.session;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;

/**
 * A part a platform adds to a session for message families of its own (presence, chat, activity):
 * the session hands it their frames and tells it of joins, drops and retries. An interface, so a
 * build that never adds the part (the lite entry) carries none of its code.
 */
public interface SessionPart {
    /** A frame of its families from the hub. */
    void receive(Message message);

    /** Joined (again). */
    void joined();

    /** The connection dropped. */
    void connectionLost();

    /** After a backoff: send again what the hub refused for now. */
    void retry();

    /** A refusal of {@code seq}: true when it was the part's (whose caller hears it). */
    boolean refused(long seq, ErrorCode code, String message);

    /** Whether something refused for now waits for {@link #retry}. */
    boolean hasRetries();
}
