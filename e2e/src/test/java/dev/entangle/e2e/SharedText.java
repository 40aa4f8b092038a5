package dev.entangle.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a shared text in several windows: waiting until they agree, and picking out an author's words. */
final class SharedText {
    /** Types {@code word} at the end of {@code #notes}, as a person would (an {@code insertText} edit). */
    static final String TYPE_AT_END = """
            word => {
              const notes = document.getElementById('notes');
              notes.focus();
              notes.setSelectionRange(notes.value.length, notes.value.length);
              document.execCommand('insertText', false, word);
            }""";

    private SharedText() {
    }

    /** Waits until every window's {@code #notes} shows the same text for a moment (up to 30 s), and returns it. */
    static String converged(Window... windows) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            String first = windows[0].value("#notes");
            boolean same = true;
            for (Window w : windows) {
                same &= first.equals(w.value("#notes"));
            }
            if (same) {
                windows[0].page.waitForTimeout(300);
                boolean stayed = true;
                for (Window w : windows) {
                    stayed &= first.equals(w.value("#notes"));
                }
                if (stayed) {
                    return first;
                }
            } else if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("windows did not converge: "
                        + Arrays.stream(windows).map(w -> w.value("#notes")).toList());
            }
            windows[0].page.waitForTimeout(50);
        }
    }

    /** The words {@code author}0, {@code author}1, … in {@code text}, in order. */
    static List<String> wordsOf(String text, String author) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\\b" + author + "\\d+\\b").matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** What {@link #wordsOf} should find of a window that typed {@code author}0 to {@code author}{@code count - 1}. */
    static List<String> typed(String author, int count) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(author + i);
        }
        return words;
    }
}
