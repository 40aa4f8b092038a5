package dev.entangle.core.sync;

/** A mutator said no: the operation changes nothing, and its author hears {@code getMessage()}. */
public final class MutationRefused extends Exception {
    private final String code;

    public MutationRefused(String message) {
        this("mutation_refused", message);
    }

    public MutationRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public SyncError toError() {
        return new SyncError(code, getMessage());
    }
}
