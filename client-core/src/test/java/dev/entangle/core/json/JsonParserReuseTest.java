package dev.entangle.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Parsers are reused between parses: a parse that failed half-way leaves nothing behind for the
 * next one, and threads parsing at once never share a parser.
 */
class JsonParserReuseTest {

    @Test
    void aFailedParseLeavesNothingBehindForTheNext() throws Exception {
        for (String broken : List.of("{\"a\":[1,2", "{\"a\":\"unterminated", "{} trailing", "\"\\u12")) {
            assertThrows(JsonException.class, () -> Json.parse(broken), broken);
            assertEquals(Map.of("a", List.of(1L, 2L)), Json.parse("{\"a\":[1,2]}"), "after " + broken);
        }
    }

    @Test
    void threadsParsingAtOnceEachGetTheirOwnResults() throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            long mine = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 5_000; i++) {
                        Object parsed = Json.parse("{\"thread\":" + mine + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}");
                        Map<?, ?> map = (Map<?, ?>) parsed;
                        if (!map.get("thread").equals(mine) || !map.get("i").equals((long) i)) {
                            throw new AssertionError("thread " + mine + " got " + parsed);
                        }
                    }
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(null, failed.get());
    }
}
