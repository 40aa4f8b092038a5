package dev.entangle.hub.feature;

import dev.entangle.core.protocol.ErrorCode;

/** A request a feature refuses while reading it: the stable code its sender is answered with, and why. */
public final class Refusal extends Exception {
    private final ErrorCode code;

    public Refusal(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
