package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringBuilderDocumentTest {

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void editingInPlaceMatchesApplyingToAString(long seed) {
        DocumentChecks.randomEditsMatchAString(StringBuilderDocument::new, seed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a😀b"})
    void anOperationForAnotherLengthIsRefusedAndChangesNothing(String initial) {
        StringBuilderDocument document = new StringBuilderDocument(initial);
        assertThrows(IllegalArgumentException.class, () -> document.apply(TextOperation.identity(99)));
        assertEquals(initial, document.text());
    }
}
