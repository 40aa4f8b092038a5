package dev.entangle.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(250, 10_000);

    @Test
    void delaysDoubleUntilTheCeiling() {
        assertEquals(125, backoff.delayMillis(0, 0));
        assertEquals(250, backoff.delayMillis(1, 0));
        assertEquals(500, backoff.delayMillis(2, 0));
        assertEquals(5_000, backoff.delayMillis(10, 0));
        assertEquals(5_000, backoff.delayMillis(1_000, 0));
    }

    @Test
    void jitterSpreadsEachDelayOverItsUpperHalf() {
        for (int attempt = 0; attempt < 40; attempt++) {
            long low = backoff.delayMillis(attempt, 0);
            long high = backoff.delayMillis(attempt, 0.999_999);
            assertTrue(high > low, "attempt " + attempt);
            assertTrue(high <= 10_000 && low >= 125, "attempt " + attempt + ": " + low + ".." + high);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> backoff.delayMillis(1, 1.0));
    }
}
