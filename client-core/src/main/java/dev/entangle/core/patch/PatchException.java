package dev.entangle.core.patch;

/** A patch that is malformed or does not fit the document; the document is left as it was. */
public final class PatchException extends Exception {
    public PatchException(String message) {
        super(message);
    }
}
