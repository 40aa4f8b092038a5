package dev.entangle.core.ot;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import java.util.function.Function;

/**
 * A deterministic check of the text maths for one platform: random operations (emoji included)
 * from a generator of its own — java.util.Random differs between the JVM and TeaVM — checked
 * for convergence, compose, invert, the diff, the JSON codec and a document model. The digest
 * depends only on the results, so a correct JVM, JS and Wasm build give the same one; a
 * translation difference shows as failures or as another digest.
 */
public final class OtConformance {
    private static final int[] ALPHABET = "abcXY \n😀👍🏽é中".codePoints().toArray();

    private long state;

    private OtConformance(long seed) {
        state = seed;
    }

    /** Returns {@code "failures:digest"}, with the first failure after a {@code |} when there is one. */
    public static String run(long seed, int rounds, Function<String, TextDocument> documents) {
        return run(seed, rounds, documents, Json.SIMPLE);
    }

    /** The same run, sending each operation through {@code json} as a text-op frame and back. */
    public static String run(long seed, int rounds, Function<String, TextDocument> documents, JsonEngine json) {
        OtConformance random = new OtConformance(seed);
        long digest = 17;
        int failures = 0;
        String first = null;
        for (int i = 0; i < rounds; i++) {
            String text = random.text(20);
            TextOperation a = random.operation(text);
            TextOperation b = random.operation(text);
            TextOperation[] t = TextOperation.transform(a, b);
            String left = t[1].apply(a.apply(text));
            String problem = null;
            if (!left.equals(t[0].apply(b.apply(text)))) {
                problem = "transform does not converge";
            } else if (!a.compose(t[1]).apply(text).equals(left)) {
                problem = "compose disagrees with applying in turn";
            } else if (!a.invert(text).apply(a.apply(text)).equals(text)) {
                problem = "invert does not undo";
            } else if (!TextDiff.between(text, left, -1).apply(text).equals(left)) {
                problem = "diff does not reproduce the text";
            } else if (!a.equals(roundTrip(a, json))) {
                problem = "the JSON codec changed the operation";
            } else {
                TextDocument document = documents.apply(text);
                document.apply(a);
                document.apply(t[1]);
                if (!document.text().equals(left) || document.length() != left.codePointCount(0, left.length())) {
                    problem = "the document model disagrees";
                }
            }
            if (problem != null) {
                failures++;
                if (first == null) {
                    first = "round " + i + ": " + problem + " for " + a + " / " + b + " on " + text;
                }
            }
            // String.hashCode is specified; a record's hashCode is not (TeaVM computes it differently).
            digest = digest * 31 + left.hashCode() + a.toString().hashCode();
        }
        return failures + ":" + Long.toHexString(digest) + (first == null ? "" : "|" + first);
    }

    private static TextOperation roundTrip(TextOperation operation, JsonEngine json) {
        try {
            return ((Message.TextOp) MessageCodec.decode(MessageCodec.encode(
                    new Message.TextOp(1L, "d", 0, operation, null), json), json)).operation();
        } catch (ProtocolException e) {
            return null;
        }
    }

    private int next(int bound) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        return (int) ((state >>> 33) % bound);
    }

    private String text(int maxLength) {
        StringBuilder out = new StringBuilder();
        int length = next(maxLength + 1);
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(ALPHABET[next(ALPHABET.length)]);
        }
        return out.toString();
    }

    private TextOperation operation(String text) {
        TextOperation.Builder op = TextOperation.builder();
        int left = text.codePointCount(0, text.length());
        while (left > 0) {
            int n = 1 + next(Math.min(left, 6));
            switch (next(4)) {
                case 0 -> op.insert(text(3));
                case 1 -> {
                    op.delete(n);
                    left -= n;
                }
                default -> {
                    op.retain(n);
                    left -= n;
                }
            }
        }
        if (next(2) == 0) {
            op.insert(text(3));
        }
        return op.build();
    }
}
