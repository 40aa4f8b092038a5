package dev.entangle.core.sync;

/** Why an operation was refused: a stable {@code code} (see ErrorCode) and a sentence for people. */
public record SyncError(String code, String message) {
}
