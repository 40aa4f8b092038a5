package dev.entangle.core.sync;

import dev.entangle.core.protocol.ErrorCode;

/**
 * The hub's verdict on one pushed operation: {@code success}, or the refusal's {@code code} and
 * {@code error}; {@code stateVersion} is the server version its result became (null when refused);
 * {@code serverTimestamp} is when the hub ruled (its clock, ms).
 */
public record OperationResult(long id, boolean success, String code, String error, Long stateVersion,
        long serverTimestamp) {

    /** Codes of refusals that may pass when the operation is sent again later: not a verdict on it. */
    public boolean isTransient() {
        return !success && code != null && ErrorCode.fromWire(code).isTransient();
    }
}
