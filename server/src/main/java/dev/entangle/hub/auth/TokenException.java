package dev.entangle.hub.auth;

import dev.entangle.core.protocol.ErrorCode;

/** A token the hub does not accept, with the error code the client is sent. */
public final class TokenException extends Exception {
    private final ErrorCode code;

    public TokenException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
