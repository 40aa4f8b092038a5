package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringBuilderDocumentTest {

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void editingInPlaceMatchesApplyingToAString(long seed) {
        Random random = new Random(seed);
        String text = "";
        StringBuilderDocument document = new StringBuilderDocument(text);
        for (int i = 0; i < 3_000; i++) {
            TextOperation op = TextOperationTest.randomOperation(random, text);
            text = op.apply(text);
            document.apply(op);
            assertEquals(text, document.text());
            assertEquals(text.codePointCount(0, text.length()), document.length());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a😀b"})
    void anOperationForAnotherLengthIsRefusedAndChangesNothing(String initial) {
        StringBuilderDocument document = new StringBuilderDocument(initial);
        assertThrows(IllegalArgumentException.class, () -> document.apply(TextOperation.identity(99)));
        assertEquals(initial, document.text());
    }
}
