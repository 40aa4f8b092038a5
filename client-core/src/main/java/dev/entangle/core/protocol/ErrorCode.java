package dev.entangle.core.protocol;

import dev.entangle.core.json.Names;

/**
 * Stable codes of the {@code error} message. A code's wire string is its name in lower case
 * ({@code RATE_LIMITED} is {@code rate_limited}), so a constant is never renamed once released.
 */
public enum ErrorCode {
    MALFORMED_JSON,
    UNKNOWN_TYPE,
    MISSING_FIELD,
    INVALID_FIELD,
    FRAME_TOO_LARGE,
    NOT_JOINED,
    ALREADY_JOINED,
    NOT_ENTANGLED,
    NOT_OPEN,
    INVALID_OPERATION,
    /**
     * A text edit based on a revision older than every operation the hub keeps: it cannot be
     * transformed; the client opens the document again and rebases the edit onto its whole text.
     */
    REVISION_TOO_OLD,
    IDENTITY_MISMATCH,
    UNSAFE_MUTATION,
    /** The hub could not make the change durable, so it did not accept it; send it again later. */
    STORAGE_FAILED,
    /** The hub requires an access token and the hello carried none. */
    TOKEN_REQUIRED,
    /** The token is malformed, not signed with the hub's secret, or lacks a required claim. */
    TOKEN_INVALID,
    /** The token's expiry has passed: connect again with a fresh one. */
    TOKEN_EXPIRED,
    /** The token does not name the room (or names another client id: see {@link #IDENTITY_MISMATCH}). */
    ROOM_FORBIDDEN,
    /** The token lets this client read the room but not write to it. */
    READ_ONLY,
    /** More messages or bytes per second than the client's token bucket allows; send it again later. */
    RATE_LIMITED,
    /** A per-client or per-hub limit (bindings, documents, rooms) is reached. */
    LIMIT_REACHED,
    /** A text operation with more components than the hub accepts in one message. */
    OPERATION_TOO_LARGE,
    /** The binding is owned and this client does not hold its ownership token. */
    NOT_OWNER,
    /** A mesh binding from a client its own member list leaves out. */
    NOT_MEMBER,
    /** A change to an attribute or property outside the binding's allow list (or on its ignore list). */
    ATTRIBUTE_NOT_ALLOWED,
    /** A named operation's mutator refused it (its message says why); the client rolls it back. */
    MUTATION_REFUSED,
    /** A named operation no mutator is registered for on the hub. */
    UNKNOWN_MUTATOR,
    /**
     * A newer connection of the same client id joined, and the hub closed this one (WebSocket close
     * code 4001). Reported by the client, not sent as an error frame; the client does not reconnect.
     */
    REPLACED,
    /** A chat message edited or deleted by someone other than its author. */
    NOT_AUTHOR,
    /** A chat message (or another named thing) that does not exist, or no longer does. */
    NOT_FOUND,
    /** A chat message or activity entry longer than the hub accepts. */
    MESSAGE_TOO_LONG,
    INTERNAL;

    private final String wire;

    ErrorCode() {
        this.wire = Names.lowerAscii(name());
    }

    public String wire() {
        return wire;
    }

    /** A refusal that may pass when the same change is sent again later (the client's outbox retries it). */
    public boolean isTransient() {
        return this == STORAGE_FAILED || this == RATE_LIMITED;
    }

    /** The code for a wire string, or {@link #INTERNAL} for one this version does not know. */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.wire.equals(wire)) {
                return code;
            }
        }
        return INTERNAL;
    }
}
