package dev.entangle.core.session;

/** What a part of the session made of an answer or a refusal from the hub. */
enum Outcome {
    /** Not about a frame of this part. */
    NOT_MINE,
    /** Handled; nothing for the page to hear. */
    HANDLED,
    /** A change of ours was accepted (the session's retries may start from the beginning again). */
    ACKNOWLEDGED,
    /** Handled, and the page should hear of the error. */
    REPORT
}
