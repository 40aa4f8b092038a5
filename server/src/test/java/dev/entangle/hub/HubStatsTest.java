package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HubStatsTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "ascii {\"a\":1}", "ünï", "中文", "😀 emoji 👩‍👩‍👧", "mixed é 中 😀 end"})
    void frameSizesAreCountedInUtf8Bytes(String frame) {
        assertEquals(frame.getBytes(StandardCharsets.UTF_8).length, HubStats.utf8Length(frame));
    }
}
