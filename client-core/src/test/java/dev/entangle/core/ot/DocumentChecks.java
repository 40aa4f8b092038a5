package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.Function;

/** What every {@link TextDocument} must do, checked the same way for each implementation. */
final class DocumentChecks {
    private DocumentChecks() {
    }

    /** 3,000 random operations (emoji included) leave the document equal to applying them to a String. */
    static void randomEditsMatchAString(Function<String, TextDocument> documents, long seed) {
        Random random = new Random(seed);
        String text = "";
        TextDocument document = documents.apply(text);
        for (int i = 0; i < 3_000; i++) {
            TextOperation op = TextOperationTest.randomOperation(random, text);
            text = op.apply(text);
            document.apply(op);
            assertEquals(text, document.text());
            assertEquals(text.codePointCount(0, text.length()), document.length());
        }
    }
}
