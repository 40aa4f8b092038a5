package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OtConformanceTest {
    @Test
    void theJvmPassesEveryCheck() {
        String result = OtConformance.run(7, 3_000, StringBuilderDocument::new);
        assertTrue(result.startsWith("0:"), result);
    }
}
