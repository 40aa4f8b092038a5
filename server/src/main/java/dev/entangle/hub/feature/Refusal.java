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

    /** An {@code invalid_field} refusal. */
    public static Refusal invalid(String message) {
        return new Refusal(ErrorCode.INVALID_FIELD, message);
    }

    /** Field {@code key} of a request, which must be a string. */
    public static String string(java.util.Map<String, Object> fields, String key) throws Refusal {
        if (!(fields.get(key) instanceof String value)) {
            throw invalid(key + " must be a string, got " + fields.get(key));
        }
        return value;
    }

    /** Field {@code key} of a request, which must be an integer. */
    public static long whole(java.util.Map<String, Object> fields, String key) throws Refusal {
        if (!(fields.get(key) instanceof Long value)) {
            throw invalid(key + " must be an integer, got " + fields.get(key));
        }
        return value;
    }
}
