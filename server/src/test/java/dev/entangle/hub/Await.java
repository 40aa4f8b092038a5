package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting in tests for what another thread (a pipeline, a backplane, a reconnect) makes true. */
final class Await {
    private Await() {
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after 30 s (a reconnect to Redis may take that). */
    static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(2);
        }
    }
}
