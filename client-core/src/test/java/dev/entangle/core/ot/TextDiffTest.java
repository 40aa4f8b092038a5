package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "abcdef|XabcdefY|[insert 'X', retain 6, insert 'Y']",  // two places, not one big replacement
            "abcdef|abdef|[retain 2, delete 1, retain 3]",
            "the cat sat|the hat sat on|[retain 4, insert 'h', delete 1, retain 6, insert ' on']",
            "''|abc|[insert 'abc']",
            "abc|''|[delete 3]",
            "same|same|[retain 4]",
            "a😀b😀c|😀b😀|[delete 1, retain 3, delete 1]"})
    void theShortestEditRetainsEverythingBothTextsShare(String before, String after, String expected) {
        TextOperation op = TextDiff.shortest(before, after);
        assertEquals(expected, op.toString());
        assertEquals(after, op.apply(before));
    }

    @Test
    void randomEditsAreRecoveredAndNeverLongerThanTheirCause() {
        String[] alphabet = {"a", "b", "c", " ", "😀"};
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            for (int round = 0; round < 400; round++) {
                List<String> before = new ArrayList<>();
                for (int i = random.nextInt(60); i > 0; i--) {
                    before.add(alphabet[random.nextInt(alphabet.length)]);
                }
                List<String> after = new ArrayList<>(before);
                int inserted = 0;
                int deleted = 0;
                for (int edits = random.nextInt(6); edits > 0; edits--) {
                    int at = random.nextInt(after.size() + 1);
                    if (random.nextBoolean() && at < after.size()) {
                        after.remove(at);
                        deleted++;
                    } else {
                        after.add(at, alphabet[random.nextInt(alphabet.length)]);
                        inserted++;
                    }
                }
                String from = String.join("", before);
                String to = String.join("", after);
                TextOperation op = TextDiff.shortest(from, to);
                String where = "seed " + seed + " round " + round + ": " + op;
                assertEquals(to, op.apply(from), where);
                assertTrue(changed(op) <= inserted + deleted, where + " is longer than the edits that made it");
                if (deleted == 0) {
                    assertEquals(op.targetLength() - op.baseLength(), changed(op), where + " deletes what was only added to");
                }
            }
        }
    }

    @Test
    void textsTooFarApartAreReplacedInTheMiddleWhole() {
        String before = "<" + "a".repeat(TextDiff.MAX_EDIT_DISTANCE) + ">";
        String after = "<" + "b".repeat(TextDiff.MAX_EDIT_DISTANCE) + ">";
        TextOperation op = TextDiff.shortest(before, after);
        assertEquals(after, op.apply(before));
        assertEquals(4, op.componentCount(), "retain, insert, delete, retain: " + op.components().size());
    }

    private static int changed(TextOperation op) {
        int count = 0;
        for (TextOperation.Component c : op.components()) {
            if (c instanceof TextOperation.Insert i) {
                count += i.length();
            } else if (c instanceof TextOperation.Delete d) {
                count += d.count();
            }
        }
        return count;
    }
}
