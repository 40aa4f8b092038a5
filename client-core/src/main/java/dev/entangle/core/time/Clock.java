package dev.entangle.core.time;

/** Wall-clock milliseconds, supplied by the platform (the browser's Date.now, the JVM's clock). */
@FunctionalInterface
public interface Clock {
    long now();
}
