package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextOperationTest {

    @Test
    void theClassicExampleConverges() {
        TextOperation a = TextOperation.splice(5, 2, 0, "x"); // he|x|llo
        TextOperation b = TextOperation.splice(5, 3, 0, "y"); // hel|y|lo
        TextOperation[] t = TextOperation.transform(a, b);
        assertEquals("hexlylo", t[1].apply(a.apply("hello")));
        assertEquals("hexlylo", t[0].apply(b.apply("hello")));
    }

    @Test
    void insertsAtTheSamePositionPutTheFirstArgumentFirst() {
        TextOperation a = TextOperation.splice(3, 1, 0, "A");
        TextOperation b = TextOperation.splice(3, 1, 0, "B");
        TextOperation[] t = TextOperation.transform(a, b);
        assertEquals("aABbc", t[1].apply(a.apply("abc")));
        assertEquals("aABbc", t[0].apply(b.apply("abc")));
    }

    @Test
    void positionsCountCodePointsSoEmojiAreOnePosition() {
        String text = "a😀b";
        assertEquals("a😀Xb", TextOperation.splice(3, 2, 0, "X").apply(text));
        assertEquals("ab", TextOperation.splice(3, 1, 1, "").apply(text));
        TextOperation insertEmoji = TextOperation.splice(3, 3, 0, "👍🏽");
        assertEquals(5, insertEmoji.targetLength());
        assertEquals(text, insertEmoji.invert(text).apply(insertEmoji.apply(text)));
    }

    @Test
    void invalidOperationsAreRefusedNotApplied() {
        IllegalArgumentException pastEnd = assertThrows(IllegalArgumentException.class,
                () -> TextOperation.splice(12, 10, 4, ""));
        assertEquals("delete of 4 at 10 past the end of the text (length 12)", pastEnd.getMessage());
        IllegalArgumentException wrongBase = assertThrows(IllegalArgumentException.class,
                () -> TextOperation.splice(5, 0, 0, "x").apply("abc"));
        assertEquals("operation expects a text of 5 code points, got 3", wrongBase.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TextOperation.splice(3, 0, 0, "x").compose(TextOperation.identity(3)));
        assertThrows(IllegalArgumentException.class,
                () -> TextOperation.transform(TextOperation.identity(3), TextOperation.identity(4)));
        assertThrows(IllegalArgumentException.class, () -> TextOperation.builder().retain(-1));
    }

    @Test
    void theBuilderIsCanonical() {
        TextOperation a = TextOperation.builder().retain(1).delete(2).insert("x").retain(0).retain(3).build();
        TextOperation b = TextOperation.builder().retain(1).insert("x").delete(1).delete(1).retain(3).build();
        assertEquals(a, b);
        assertEquals("[retain 1, insert 'x', delete 2, retain 3]", a.toString());
    }

    @Test
    void cursorsMoveWithTheText() {
        TextOperation op = TextOperation.builder().retain(2).insert("XY").delete(1).retain(2).build(); // ab|XY|(c)de
        assertEquals(0, op.transformIndex(0, false));
        assertEquals(4, op.transformIndex(2, false), "an insert at the cursor pushes it along");
        assertEquals(2, op.transformIndex(2, true), "unless it sticks to the start");
        assertEquals(4, op.transformIndex(3, false), "inside a deletion: to where it was");
        assertEquals(6, op.transformIndex(5, false));
    }

    // --- properties, fixed seeds ---

    private static final String ALPHABET = "abcdef XYZ\n😀👍🏽é中";

    static String randomText(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder();
        int[] codePoints = ALPHABET.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return out.toString();
    }

    static TextOperation randomOperation(Random random, String text) {
        int length = text.codePointCount(0, text.length());
        TextOperation.Builder op = TextOperation.builder();
        int left = length;
        while (left > 0) {
            int n = 1 + random.nextInt(Math.min(left, 8));
            int kind = random.nextInt(4);
            if (kind == 0) {
                op.insert(randomText(random, 4));
            } else if (kind == 1) {
                op.delete(n);
                left -= n;
            } else {
                op.retain(n);
                left -= n;
            }
        }
        if (random.nextBoolean()) {
            op.insert(randomText(random, 4));
        }
        return op.build();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void transformedOperationsConverge(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            String text = randomText(random, 30);
            TextOperation a = randomOperation(random, text);
            TextOperation b = randomOperation(random, text);
            TextOperation[] t = TextOperation.transform(a, b);
            assertEquals(t[1].apply(a.apply(text)), t[0].apply(b.apply(text)), () -> a + " / " + b + " on " + text);
            assertEquals(a.compose(t[1]), b.compose(t[0]), "both paths are the same operation");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 7, 8})
    void composeAgreesWithApplyingInTurn(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            String text = randomText(random, 30);
            TextOperation a = randomOperation(random, text);
            String afterA = a.apply(text);
            TextOperation b = randomOperation(random, afterA);
            assertEquals(b.apply(afterA), a.compose(b).apply(text), () -> a + " then " + b + " on " + text);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {9, 10, 11})
    void invertUndoes(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            String text = randomText(random, 30);
            TextOperation a = randomOperation(random, text);
            TextOperation inverse = a.invert(text);
            assertEquals(text, inverse.apply(a.apply(text)));
            assertEquals(a, inverse.invert(a.apply(text)), "inverting twice gives the operation back");
        }
    }
}
