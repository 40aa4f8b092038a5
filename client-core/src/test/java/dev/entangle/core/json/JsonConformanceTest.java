package dev.entangle.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonConformanceTest {

    @Test
    void jsonSimpleReadsTheFixedTextsAsExpected() {
        String[] lines = JsonConformance.run(Json.SIMPLE).split("\n", -1);
        assertEquals("{\"doc\":\"notes\",\"op\":[3,\"hi\",-2,4],\"revision\":12,\"type\":\"text-op\"}", lines[0]);
        assertEquals("\"emoji 😀 👍🏽 escaped 😀 and é 中\"", lines[3]);
        assertEquals("[0,-12,9007199254740991,-9007199254740991,1.5,-0.25,true,false,null]", lines[5]);
        assertEquals("{\"a\":2}", lines[8], "the last of a repeated key wins");
        for (int i = 9; i <= 15; i++) {
            assertEquals("malformed", lines[i], "text " + i);
        }
    }
}
