package dev.entangle.core.mutation;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Maps a binding's values on the way in and out. The hub keeps every value in its shared form:
 * a change arriving from a peer is shown as {@link #forward}, and a local change is sent as
 * {@link #inverse}, so a value that goes round comes back exactly. The numeric transforms leave a
 * value that is not a number unchanged.
 */
public interface Transform {

    /** The shared value as this window shows it. */
    String forward(String shared);

    /** This window's value as the shared value. */
    String inverse(String local);

    Transform IDENTITY = new Transform() {
        public String forward(String shared) {
            return shared;
        }

        public String inverse(String local) {
            return local;
        }
    };

    /** {@code min + max - v}: slider A at 30 shows 70 on B for 0–100. Its own inverse. */
    static Transform inverse(double min, double max) {
        BigDecimal sum = Numbers.decimal(min).add(Numbers.decimal(max));
        return numeric(v -> sum.subtract(v), v -> sum.subtract(v));
    }

    /** {@code v * factor} on the way in, {@code v / factor} on the way out. */
    static Transform scale(double factor) {
        if (factor == 0 || Double.isNaN(factor) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("scale factor must be a finite number other than 0, got " + factor);
        }
        BigDecimal k = Numbers.decimal(factor);
        return numeric(v -> v.multiply(k, MathContext.DECIMAL128), v -> v.divide(k, MathContext.DECIMAL128));
    }

    /** {@code v + delta} on the way in, {@code v - delta} on the way out. */
    static Transform offset(double delta) {
        if (Double.isNaN(delta) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("offset must be a finite number, got " + delta);
        }
        BigDecimal d = Numbers.decimal(delta);
        return numeric(v -> v.add(d), v -> v.subtract(d));
    }

    /** A function of one decimal number. */
    interface NumberFunction {
        BigDecimal apply(BigDecimal value);
    }

    private static Transform numeric(NumberFunction in, NumberFunction out) {
        return new Transform() {
            public String forward(String shared) {
                return Numbers.map(shared, in, true);
            }

            public String inverse(String local) {
                return Numbers.map(local, out, false);
            }
        };
    }

    /**
     * Decimal arithmetic, so that 0.2 + 0.1 is 0.3 and offsets are exact. The shared value keeps 34
     * significant digits; what a window shows is rounded to 15, so a value that goes out and comes
     * back (10 / 3 * 3) shows exactly what was typed. Integers print without a decimal point.
     */
    final class Numbers {
        private static final MathContext SHOWN = new MathContext(15);

        private Numbers() {
        }

        static BigDecimal decimal(double value) {
            return BigDecimal.valueOf(value);
        }

        static String map(String value, NumberFunction function, boolean forDisplay) {
            BigDecimal number = parse(value);
            if (number == null) {
                return value;
            }
            BigDecimal result = function.apply(number);
            return format(forDisplay ? result.round(SHOWN) : result);
        }

        /** The number a value holds, or null for anything else (including exponents too large to print). */
        static BigDecimal parse(String value) {
            if (value == null || value.isEmpty() || value.length() > 40) {
                return null;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                    return null;
                }
            }
            try {
                BigDecimal number = new BigDecimal(value);
                return Math.abs(number.scale()) > 100 ? null : number;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        public static String format(BigDecimal value) {
            if (value.signum() == 0) {
                return "0";
            }
            return value.stripTrailingZeros().toPlainString();
        }

        public static String format(double value) {
            return format(decimal(value));
        }
    }
}
