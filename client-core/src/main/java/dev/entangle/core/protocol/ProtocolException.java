package dev.entangle.core.protocol;

/** A frame that cannot be accepted; carries the stable code the hub reports back. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
