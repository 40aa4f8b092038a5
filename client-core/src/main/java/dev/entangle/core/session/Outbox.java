package dev.entangle.core.session;

/**
 * Where a session keeps the local changes the hub has not acknowledged, so that a reload (or a
 * crash of the page) while offline does not lose them. The browser keeps them in
 * {@code localStorage}; the state is opaque to the platform ({@link ClientSession#outboxState()}).
 */
public interface Outbox {

    /** What an earlier page load of the same client and room saved, or null. */
    String load();

    /**
     * What is pending changed: save {@link ClientSession#outboxState()} (null means remove) before
     * the page can go away — at the end of the current task at the latest.
     */
    void changed();
}
