package dev.entangle.web.json;

import org.teavm.jso.JSBody;

/**
 * A JSON number that is not a safe integer, as {@link BrowserJson} reads it: the double, with the
 * browser's own number-to-text. Not a {@link Double} on purpose: once a {@code Double} exists in
 * the page, every string concatenation of an {@code Object} can reach {@code Double.toString},
 * and TeaVM's double-to-text (its tables of powers of ten) is about 12 KB gzip of the bundle.
 */
public final class BrowserNumber extends Number {
    private final double value;

    BrowserNumber(double value) {
        this.value = value;
    }

    /** A number for a JSON tree, as {@link BrowserJson} would read it: a Long when it is a safe integer. */
    public static Number of(double value) {
        return value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER ? (Number) (long) value
                : new BrowserNumber(value);
    }

    private static final double MAX_SAFE_INTEGER = 9007199254740991d;

    @Override
    public int intValue() {
        return (int) value;
    }

    @Override
    public long longValue() {
        return (long) value;
    }

    @Override
    public float floatValue() {
        return (float) value;
    }

    @Override
    public double doubleValue() {
        return value;
    }

    /** JavaScript's text of the number ({@code 1.5}, {@code 1e+21}): valid JSON, read back as the same number. */
    @Override
    public String toString() {
        return text(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BrowserNumber n && (n.value == value || (n.value != n.value && value != value));
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    @JSBody(params = "v", script = "return String(v);")
    private static native String text(double value);
}
