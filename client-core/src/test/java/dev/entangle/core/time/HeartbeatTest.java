package dev.entangle.core.time;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeartbeatTest {
    @Test
    void aConnectionIsDeadAfterTwoSilentIntervals() {
        Heartbeat heartbeat = new Heartbeat(10_000, 0);
        assertFalse(heartbeat.isDead(20_000));
        assertTrue(heartbeat.isDead(21_001));
        heartbeat.heard(15_000);
        assertFalse(heartbeat.isDead(21_001));
    }
}
