package dev.entangle.core.session;

import dev.entangle.core.protocol.Message;

/**
 * The session's connection as each of its parts (bound values, ownership, text documents) sees it:
 * one message counter for every frame, so an answer from the hub names exactly one frame of one
 * part; whether the transport is open; and the hub history it joined.
 */
public interface Wire {
    long nextSeq();

    boolean isOpen();

    void send(Message message);

    /** The epoch of the hub this session last joined (null before the first welcome). */
    String hubEpoch();
}
