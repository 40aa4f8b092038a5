package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * A service a test needs from outside the JVM (PostgreSQL, Redis). Where it does not answer, the
 * test is skipped with a message saying what is missing and how to start it; on CI ({@code CI=true}),
 * which runs every service, a missing one fails the run instead, so tests are never quietly skipped there.
 */
public final class RequiredService {
    /** Answers normally when the service is there; throws (saying why) when it is not. */
    public interface Probe {
        void check() throws Exception;
    }

    private RequiredService() {
    }

    /**
     * Runs {@code probe}; if it throws, skips the calling test (or, in {@code @BeforeAll}, its class),
     * or fails it on CI. {@code where}: the address tried, without secrets; {@code remedy}: what to do.
     */
    public static void require(String service, String where, String remedy, Probe probe) {
        try {
            probe.check();
        } catch (Exception e) {
            String message = service + " is not reachable at " + where + " (" + e.getMessage() + "); " + remedy;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + ". CI=true: a missing service fails the run instead of skipping its tests", e);
            }
            Assumptions.abort("skipped: " + message);
        }
    }
}
