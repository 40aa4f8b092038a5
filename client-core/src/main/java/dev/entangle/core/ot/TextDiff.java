package dev.entangle.core.ot;

/** Turns "the field held this, now it holds that" into one operation, for editors that only report the result. */
public final class TextDiff {
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
}
