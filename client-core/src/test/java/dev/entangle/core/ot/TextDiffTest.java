package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextDiffTest {

    @ParameterizedTest(name = "{0} -> {1} with the caret at {2}")
    @CsvSource(delimiter = '|', value = {
            "Bone|Boone|2|[retain 1, insert 'o', retain 3]",  // typed the o after B, not the one after it
            "Bone|Boone|3|[retain 2, insert 'o', retain 2]",
            "Bob|Bb|1|[retain 1, delete 1, retain 1]",        // backspace
            "aaa|aaaa|0|[insert 'a', retain 3]",
            "aaa|aaaa|-1|[insert 'a', retain 3]",             // no caret: where the common suffix starts
            "hello|help!|5|[retain 3, insert 'p!', delete 2]", // a replacement
            "a😀b|a😀😀b|5|[retain 2, insert '😀', retain 1]",   // never splits a surrogate pair
            "x😀|x|1|[retain 1, delete 1]"})
    void theCaretDecidesWhereAnAmbiguousEditHappened(String before, String after, int caret, String expected) {
        TextOperation op = TextDiff.between(before, after, caret);
        assertEquals(expected, op.toString());
        assertEquals(after, op.apply(before));
    }
}
