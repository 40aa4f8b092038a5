package dev.entangle.core.ot;

import java.util.ArrayList;
import java.util.List;

/** Turns "the field held this, now it holds that" into one operation, for editors that only report the result. */
public final class TextDiff {
    /**
     * Past this many inserted plus deleted code points {@link #shortest} stops looking for the
     * shortest edit and replaces the differing middle whole: its time and memory grow with the square.
     */
    static final int MAX_EDIT_DISTANCE = 2_000;

    private TextDiff() {
    }

    /**
     * The single splice that turns {@code before} into {@code after}. Where the text alone is
     * ambiguous (typing "o" next to an "o"), the caret decides: after an edit the changed part
     * ends at the caret ({@code caret} in {@code after}, UTF-16; negative when unknown). Never
     * splits a surrogate pair.
     */
    public static TextOperation between(String before, String after, int caret) {
        int max = Math.min(before.length(), after.length());
        int maxSuffix = caret >= 0 ? Math.min(max, after.length() - Math.min(caret, after.length())) : max;
        int suffix = 0;
        while (suffix < maxSuffix
                && before.charAt(before.length() - 1 - suffix) == after.charAt(after.length() - 1 - suffix)) {
            suffix++;
        }
        if (suffix > 0 && Character.isLowSurrogate(before.charAt(before.length() - suffix))) {
            suffix--;
        }
        int prefix = 0;
        while (prefix < max - suffix && before.charAt(prefix) == after.charAt(prefix)) {
            prefix++;
        }
        if (prefix > 0 && Character.isHighSurrogate(before.charAt(prefix - 1))) {
            prefix--;
        }
        int length = before.codePointCount(0, before.length());
        int position = before.codePointCount(0, prefix);
        int deleted = before.codePointCount(prefix, before.length() - suffix);
        return TextOperation.splice(length, position, deleted, after.substring(prefix, after.length() - suffix));
    }

    /**
     * The shortest operation that turns {@code before} into {@code after} (Myers' O(ND) difference
     * algorithm over code points): every code point the two share in order is retained, so edits made
     * elsewhere can be transformed past it without touching text both still hold. For texts that
     * differ by more than {@link #MAX_EDIT_DISTANCE} code points the middle is replaced whole.
     */
    public static TextOperation shortest(String before, String after) {
        int[] a = codePoints(before);
        int[] b = codePoints(after);
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix] == b[prefix]) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.length - prefix && suffix < b.length - prefix
                && a[a.length - 1 - suffix] == b[b.length - 1 - suffix]) {
            suffix++;
        }
        TextOperation.Builder op = TextOperation.builder().retain(prefix);
        Middle middle = new Middle(a, b, prefix, a.length - prefix - suffix, b.length - prefix - suffix);
        if (!middle.shortestInto(op)) {
            op.insert(text(b, prefix, middle.m)).delete(middle.n);
        }
        return op.retain(suffix).build();
    }

    private static int[] codePoints(String text) {
        int[] out = new int[text.codePointCount(0, text.length())];
        for (int i = 0, at = 0; at < text.length(); i++) {
            out[i] = text.codePointAt(at);
            at += Character.charCount(out[i]);
        }
        return out;
    }

    private static String text(int[] codePoints, int from, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            out.appendCodePoint(codePoints[i]);
        }
        return out.toString();
    }

    /** The differing middle of the two texts: {@code n} code points of {@code a} and {@code m} of {@code b} from {@code start}. */
    private static final class Middle {
        private final int[] a;
        private final int[] b;
        private final int start;
        private final int n;
        private final int m;

        Middle(int[] a, int[] b, int start, int n, int m) {
            this.a = a;
            this.b = b;
            this.start = start;
            this.n = n;
            this.m = m;
        }

        /** Adds the shortest edit to {@code op}; false (nothing added) when it is longer than the limit. */
        boolean shortestInto(TextOperation.Builder op) {
            int limit = Math.min(n + m, MAX_EDIT_DISTANCE);
            // reached.get(d)[k + d]: how far along a the furthest path with d edits on diagonal k = x - y
            // got, or -1 where no such path stays inside the two texts.
            List<int[]> reached = new ArrayList<>();
            for (int d = 0; d <= limit; d++) {
                int[] previous = d == 0 ? null : reached.get(d - 1);
                int[] row = new int[2 * d + 1];
                reached.add(row);
                for (int k = -d; k <= d; k += 2) {
                    int x = d == 0 ? 0 : snakeStart(previous, d, k);
                    if (x < 0) {
                        row[k + d] = -1;
                        continue;
                    }
                    int y = x - k;
                    while (x < n && y < m && a[start + x] == b[start + y]) {
                        x++;
                        y++;
                    }
                    row[k + d] = x;
                    if (x == n && y == m) {
                        emit(reached, op);
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * Where the furthest path with {@code d} edits on diagonal {@code k} starts its run of shared
         * code points: one insert after the furthest path of {@code d - 1} edits on {@code k + 1}, or
         * one delete after that on {@code k - 1}, whichever gets further (-1: neither fits).
         */
        private int snakeStart(int[] previous, int d, int k) {
            int down = k < d ? previous[k + 1 + d - 1] : -1;
            if (down >= 0 && down - k > m) {
                down = -1;
            }
            int right = k > -d ? previous[k - 1 + d - 1] : -1;
            if (right >= 0 && ++right > n) {
                right = -1;
            }
            return Math.max(down, right);
        }

        /** Walks the furthest paths back from the end, then writes the edit forwards. */
        private void emit(List<int[]> reached, TextOperation.Builder op) {
            // Per step, from the end: 'r' a retained run, 'i' one inserted code point of b, 'd' one deleted of a.
            List<int[]> steps = new ArrayList<>();
            int x = n;
            int y = m;
            for (int d = reached.size() - 1; d > 0; d--) {
                int[] previous = reached.get(d - 1);
                int k = x - y;
                int snakeX = snakeStart(previous, d, k);
                if (x > snakeX) {
                    steps.add(new int[] {'r', x - snakeX});
                }
                boolean inserted = k < d && previous[k + 1 + d - 1] == snakeX && snakeX - k <= m;
                if (inserted) {
                    y = snakeX - k - 1;
                    steps.add(new int[] {'i', b[start + y]});
                    x = snakeX;
                } else {
                    x = snakeX - 1;
                    y = x - (k - 1);
                    steps.add(new int[] {'d', 1});
                }
            }
            if (x > 0) {
                steps.add(new int[] {'r', x});
            }
            StringBuilder inserted = new StringBuilder();
            for (int i = steps.size() - 1; i >= 0; i--) {
                int[] step = steps.get(i);
                if (step[0] == 'i') {
                    inserted.appendCodePoint(step[1]);
                    continue;
                }
                op.insert(inserted.toString());
                inserted.setLength(0);
                if (step[0] == 'r') {
                    op.retain(step[1]);
                } else {
                    op.delete(step[1]);
                }
            }
            op.insert(inserted.toString());
        }
    }
}
