package dev.entangle.hub.feature.chat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How chat search compares words (docs/MULTIPLAYER.md, "Chat"): both sides folded the same way —
 * Unicode NFKD, marks removed, lower case — and every word of the query must start one word of the
 * message. Scripts written without spaces between words (Chinese, Japanese, Thai...) have no words
 * to start: a query word in one of them matches anywhere in the message.
 */
public final class ChatSearch {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final List<String> words;

    /** The query {@code query} (null or blank: every message matches). */
    public ChatSearch(String query) {
        this.words = query == null ? List.of() : words(fold(query));
    }

    /** Whether {@code text} holds every word of the query as the start of one of its words. */
    public boolean matches(String text) {
        if (words.isEmpty()) {
            return true;
        }
        String folded = fold(text);
        List<String> theirs = words(folded);
        for (String word : words) {
            boolean found = unspaced(word) ? folded.contains(word) : theirs.stream().anyMatch(w -> w.startsWith(word));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** NFKD, marks removed, lower case in no particular language's rules. */
    static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    private static List<String> words(String folded) {
        List<String> out = new ArrayList<>();
        for (String word : NOT_WORD.split(folded)) {
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }

    /** Whether the word holds a letter of a script written without spaces between words. */
    private static boolean unspaced(String word) {
        return word.codePoints().anyMatch(c -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            return Character.isIdeographic(c) || script == Character.UnicodeScript.HAN
                    || script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA
                    || script == Character.UnicodeScript.THAI || script == Character.UnicodeScript.LAO
                    || script == Character.UnicodeScript.KHMER || script == Character.UnicodeScript.MYANMAR;
        });
    }
}
