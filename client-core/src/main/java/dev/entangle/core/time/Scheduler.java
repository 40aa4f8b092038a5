package dev.entangle.core.time;

/** Runs a task later, on the platform's one thread (browser timers; a virtual clock in tests). */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} after {@code delayMs}; returns what cancels it (a no-op once it ran). */
    Runnable schedule(long delayMs, Runnable task);
}
