package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedDocumentTest {

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33})
    void smallRandomEditsMatchApplyingToAString(long seed) {
        DocumentChecks.randomEditsMatchAString(ChunkedDocument::new, seed);
    }

    /** Long texts, many chunks: typing runs, jumps, and deletions that span several chunks, emoji included. */
    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 44})
    void editsAcrossManyChunksMatchAStringBuilder(long seed) {
        Random random = new Random(seed);
        String initial = randomText(random, 5_000);
        ChunkedDocument chunked = new ChunkedDocument(initial);
        StringBuilderDocument reference = new StringBuilderDocument(initial);
        int position = 0;
        for (int i = 0; i < 4_000; i++) {
            int length = reference.length();
            if (random.nextInt(20) == 0) {
                position = random.nextInt(length + 1); // jump elsewhere
            }
            position = Math.min(position, length);
            TextOperation op;
            int kind = random.nextInt(10);
            if (kind < 6) {
                String typed = randomText(random, 1 + random.nextInt(kind == 0 ? 3_000 : 4));
                op = TextOperation.splice(length, position, 0, typed);
                position += typed.codePointCount(0, typed.length());
            } else {
                int deleted = Math.min(length - position, kind == 9 ? random.nextInt(2_500) : 1 + random.nextInt(3));
                op = TextOperation.splice(length, position, deleted, "");
            }
            chunked.apply(op);
            reference.apply(op);
            assertEquals(reference.length(), chunked.length());
        }
        assertEquals(reference.text(), chunked.text());
        assertTrue(chunked.chunkCount() > 1, "a long text is kept in several chunks");
    }

    @Test
    void deletingEverythingLeavesAnEmptyTextThatCanGrowAgain() {
        String initial = "x😀".repeat(2_000);
        ChunkedDocument document = new ChunkedDocument(initial);
        int length = document.length();
        document.apply(TextOperation.splice(length, 0, length, ""));
        assertEquals("", document.text());
        assertEquals(1, document.chunkCount());
        document.apply(TextOperation.splice(0, 0, 0, "again 👍🏽"));
        assertEquals("again 👍🏽", document.text());
    }

    @Test
    void aSurrogatePairIsNeverSplitBetweenChunks() {
        // One long run of emoji: every chunk boundary falls between two code points.
        String emoji = "😀".repeat(3_000);
        ChunkedDocument document = new ChunkedDocument(emoji);
        document.apply(TextOperation.splice(3_000, 1_500, 0, "👍🏽".repeat(700)));
        document.apply(TextOperation.splice(4_400, 3, 2_000, "é"));
        String expected = TextOperation.splice(4_400, 3, 2_000, "é")
                .apply(TextOperation.splice(3_000, 1_500, 0, "👍🏽".repeat(700)).apply(emoji));
        assertEquals(expected, document.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a😀b"})
    void anOperationForAnotherLengthIsRefusedAndChangesNothing(String initial) {
        ChunkedDocument document = new ChunkedDocument(initial);
        assertThrows(IllegalArgumentException.class, () -> document.apply(TextOperation.identity(99)));
        assertEquals(initial, document.text());
    }

    private static String randomText(Random random, int codePoints) {
        int[] alphabet = "abc de\n😀👍🏽中".codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }
}
