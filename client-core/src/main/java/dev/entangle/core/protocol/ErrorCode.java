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
    IDENTITY_MISMATCH("identity_mismatch"),
    UNSAFE_MUTATION("unsafe_mutation"),
    /** The hub could not make the change durable, so it did not accept it; send it again later. */
    STORAGE_FAILED("storage_failed"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
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
