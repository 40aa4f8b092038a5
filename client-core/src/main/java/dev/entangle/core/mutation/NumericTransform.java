package dev.entangle.core.mutation;

import dev.entangle.core.mutation.Transform.Decimal;

/**
 * {@link Transform#inverse}, {@link Transform#scale} and {@link Transform#offset}: a value that is
 * not a number passes unchanged, a number is shown rounded to {@link Decimal#SHOWN_DIGITS}
 * significant digits and sent back exact. One class for the three, not a lambda per direction:
 * each lambda is a class of its own in the browser bundles.
 */
final class NumericTransform implements Transform {
    /** {@code by - v} both ways ({@code by} is the range's min + max). */
    static final int INVERSE = 0;
    /** {@code v * by} in, {@code v / by} out. */
    static final int SCALE = 1;
    /** {@code v + by} in, {@code v - by} out. */
    static final int OFFSET = 2;

    private final int kind;
    private final Decimal by;

    NumericTransform(int kind, Decimal by) {
        this.kind = kind;
        this.by = by;
    }

    @Override
    public String forward(String shared) {
        Decimal value = Decimal.parse(shared);
        if (value == null) {
            return shared;
        }
        Decimal shown = kind == INVERSE ? by.plus(value.negate()) : kind == SCALE ? value.times(by) : value.plus(by);
        return shown.rounded(Decimal.SHOWN_DIGITS).toString();
    }

    @Override
    public String inverse(String local) {
        Decimal value = Decimal.parse(local);
        if (value == null) {
            return local;
        }
        return (kind == INVERSE ? by.plus(value.negate()) : kind == SCALE ? value.dividedBy(by) : value.plus(by.negate()))
                .toString();
    }
}
