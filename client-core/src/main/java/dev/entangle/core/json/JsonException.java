package dev.entangle.core.json;

/** Text that is not JSON, or JSON that does not have the shape a reader expected. */
public final class JsonException extends Exception {

    /** What was wrong, so callers can map it to their own error codes without reading the message. */
    public enum Problem { MALFORMED, MISSING_FIELD, WRONG_TYPE }

    private final Problem problem;

    /** Text that is not JSON, as another engine than json-simple reports it. */
    public static JsonException malformed(String message) {
        return new JsonException(Problem.MALFORMED, message);
    }

    JsonException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
