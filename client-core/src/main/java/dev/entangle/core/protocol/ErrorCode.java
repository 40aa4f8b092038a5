package dev.entangle.core.protocol;

/** Stable codes of the {@code error} message. The wire string never changes once released. */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json"),
    UNKNOWN_TYPE("unknown_type"),
    MISSING_FIELD("missing_field"),
    INVALID_FIELD("invalid_field"),
    FRAME_TOO_LARGE("frame_too_large"),
    NOT_JOINED("not_joined"),
    ALREADY_JOINED("already_joined"),
    NOT_ENTANGLED("not_entangled"),
    NOT_OPEN("not_open"),
    INVALID_OPERATION("invalid_operation"),
    /**
     * A text edit based on a revision older than every operation the hub keeps: it cannot be
     * transformed; the client opens the document again and rebases the edit onto its whole text.
     */
    REVISION_TOO_OLD("revision_too_old"),
    IDENTITY_MISMATCH("identity_mismatch"),
    UNSAFE_MUTATION("unsafe_mutation"),
    /** The hub could not make the change durable, so it did not accept it; send it again later. */
    STORAGE_FAILED("storage_failed"),
    /** The hub requires an access token and the hello carried none. */
    TOKEN_REQUIRED("token_required"),
    /** The token is malformed, not signed with the hub's secret, or lacks a required claim. */
    TOKEN_INVALID("token_invalid"),
    /** The token's expiry has passed: connect again with a fresh one. */
    TOKEN_EXPIRED("token_expired"),
    /** The token does not name the room (or names another client id: see {@link #IDENTITY_MISMATCH}). */
    ROOM_FORBIDDEN("room_forbidden"),
    /** The token lets this client read the room but not write to it. */
    READ_ONLY("read_only"),
    /** More messages or bytes per second than the client's token bucket allows; send it again later. */
    RATE_LIMITED("rate_limited"),
    /** A per-client or per-hub limit (bindings, documents, rooms) is reached. */
    LIMIT_REACHED("limit_reached"),
    /** A text operation with more components than the hub accepts in one message. */
    OPERATION_TOO_LARGE("operation_too_large"),
    /** The binding is owned and this client does not hold its ownership token. */
    NOT_OWNER("not_owner"),
    /** A mesh binding from a client its own member list leaves out. */
    NOT_MEMBER("not_member"),
    /** A change to an attribute or property outside the binding's allow list (or on its ignore list). */
    ATTRIBUTE_NOT_ALLOWED("attribute_not_allowed"),
    /** A named operation's mutator refused it (its message says why); the client rolls it back. */
    MUTATION_REFUSED("mutation_refused"),
    /** A named operation no mutator is registered for on the hub. */
    UNKNOWN_MUTATOR("unknown_mutator"),
    /**
     * A newer connection of the same client id joined, and the hub closed this one (WebSocket close
     * code 4001). Reported by the client, not sent as an error frame; the client does not reconnect.
     */
    REPLACED("replaced"),
    /** A chat message edited or deleted by someone other than its author. */
    NOT_AUTHOR("not_author"),
    /** A chat message (or another named thing) that does not exist, or no longer does. */
    NOT_FOUND("not_found"),
    /** A chat message or activity entry longer than the hub accepts. */
    MESSAGE_TOO_LONG("message_too_long"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
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
