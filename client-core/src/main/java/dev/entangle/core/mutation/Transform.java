package dev.entangle.core.mutation;


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
        return inverse(Decimal.of(min), Decimal.of(max));
    }

    static Transform inverse(Decimal min, Decimal max) {
        return new NumericTransform(NumericTransform.INVERSE, min.plus(max));
    }

    /** {@code v * factor} on the way in, {@code v / factor} on the way out. */
    static Transform scale(double factor) {
        if (Double.isNaN(factor) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("scale factor must be a finite number other than 0, got " + factor);
        }
        return scale(Decimal.of(factor));
    }

    static Transform scale(Decimal factor) {
        if (factor.unscaled() == 0) {
            throw new IllegalArgumentException("scale factor must be a number other than 0");
        }
        return new NumericTransform(NumericTransform.SCALE, factor);
    }

    /** {@code v + delta} on the way in, {@code v - delta} on the way out. */
    static Transform offset(double delta) {
        if (Double.isNaN(delta) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("offset must be a finite number, got " + delta);
        }
        return offset(Decimal.of(delta));
    }

    static Transform offset(Decimal delta) {
        return new NumericTransform(NumericTransform.OFFSET, delta);
    }

    /**
     * A decimal number {@code unscaled × 10^-scale}, so that 0.2 + 0.1 is 0.3 and offsets are
     * exact; quotients keep 17 significant digits, and operands too long for an exact result in a
     * long are rounded first. What a window shows is rounded to 15 significant digits, so a value
     * that goes out and comes back (10 / 3 * 3) shows exactly what was typed. Small on purpose:
     * java.math, or even double-to-text conversion, would add tens of kilobytes to the browser
     * bundle.
     */
    record Decimal(long unscaled, int scale) {
        static final int SHOWN_DIGITS = 15;
        private static final int MAX_DIGITS = 18;

        /** For JVM callers; the browser parses the page's own text of a number instead. */
        public static Decimal of(double value) {
            return parse(Double.toString(value));
        }

        /** The number a value holds (digits, an optional point and exponent), or null for anything else. */
        public static Decimal parse(String text) {
            if (text == null || text.isEmpty() || text.length() > 40) {
                return null;
            }
            int i = 0;
            boolean negative = false;
            if (text.charAt(0) == '-' || text.charAt(0) == '+') {
                negative = text.charAt(0) == '-';
                i++;
            }
            long unscaled = 0;
            int scale = 0;
            int digits = 0;
            boolean point = false;
            boolean any = false;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    any = true;
                    if (digits == 0 && c == '0') {
                        if (point) {
                            scale++;
                        }
                        continue;
                    }
                    if (++digits > MAX_DIGITS) {
                        return null;
                    }
                    unscaled = unscaled * 10 + (c - '0');
                    if (point) {
                        scale++;
                    }
                } else if (c == '.' && !point) {
                    point = true;
                } else if ((c == 'e' || c == 'E') && any) {
                    int exponent = exponent(text, i + 1);
                    if (exponent == NO_EXPONENT) {
                        return null;
                    }
                    scale -= exponent;
                    break;
                } else {
                    return null;
                }
            }
            if (!any || Math.abs(scale) > 100) {
                return null;
            }
            return new Decimal(negative ? -unscaled : unscaled, scale).normalised();
        }

        /**
         * What {@link #exponent} returns for text that is not an exponent: an int, not a null
         * {@code Integer}, whose boxing would bring {@code Integer}'s cache into the browser bundles.
         */
        private static final int NO_EXPONENT = Integer.MIN_VALUE;

        /** The exponent after an {@code e}: up to three digits with an optional sign, or {@link #NO_EXPONENT}. */
        private static int exponent(String text, int from) {
            if (from >= text.length() || text.length() - from > 4) {
                return NO_EXPONENT;
            }
            int sign = 1;
            if (text.charAt(from) == '-' || text.charAt(from) == '+') {
                sign = text.charAt(from) == '-' ? -1 : 1;
                from++;
            }
            if (from >= text.length()) {
                return NO_EXPONENT;
            }
            int value = 0;
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return NO_EXPONENT;
                }
                value = value * 10 + (c - '0');
            }
            return sign * value;
        }

        public Decimal negate() {
            return new Decimal(-unscaled, scale);
        }

        public Decimal plus(Decimal other) {
            Decimal sum = exactSum(other);
            if (sum != null) {
                return sum;
            }
            sum = rounded(SHOWN_DIGITS).exactSum(other.rounded(SHOWN_DIGITS));
            if (sum != null) {
                return sum;
            }
            // Magnitudes too far apart for 18 digits: the smaller one does not show in the larger.
            return magnitude() >= other.magnitude() ? this : other;
        }

        private Decimal exactSum(Decimal other) {
            int common = Math.max(scale, other.scale);
            Long a = scaledTo(common);
            Long b = other.scaledTo(common);
            if (a == null || b == null || (a > 0 && b > Long.MAX_VALUE - a) || (a < 0 && b < Long.MIN_VALUE - a)) {
                return null;
            }
            return new Decimal(a + b, common).normalised();
        }

        public Decimal times(Decimal other) {
            Decimal a = this;
            Decimal b = other;
            if (a.unscaled != 0 && Math.abs(b.unscaled) > Long.MAX_VALUE / Math.abs(a.unscaled)) {
                a = a.rounded(9);
                b = b.rounded(9);
            }
            return new Decimal(a.unscaled * b.unscaled, a.scale + b.scale).normalised();
        }

        /** Long division to 17 significant digits, the last one rounded half away from zero. */
        public Decimal dividedBy(Decimal other) {
            Decimal divisor = other.rounded(17);
            long n = Math.abs(unscaled);
            long d = Math.abs(divisor.unscaled);
            long q = n / d;
            long r = n % d;
            int resultScale = scale - divisor.scale;
            while (r != 0 && digitsOf(q) < 17) {
                r *= 10; // r < d <= 10^17: no overflow
                q = q * 10 + r / d;
                r %= d;
                resultScale++;
            }
            if (r * 2 >= d) {
                q++;
            }
            boolean negative = (unscaled < 0) != (divisor.unscaled < 0);
            return new Decimal(negative ? -q : q, resultScale).normalised();
        }

        /** Where the number's leading digit stands: digits before the point, negative for 0.00x. */
        private int magnitude() {
            return digitsOf(Math.abs(unscaled)) - scale;
        }

        private static int digitsOf(long value) {
            int digits = 1;
            while (value >= 10) {
                value /= 10;
                digits++;
            }
            return digits;
        }

        /** Rounded half away from zero to {@code digits} significant digits. */
        public Decimal rounded(int digits) {
            int length = digitsOf(Math.abs(unscaled));
            if (length <= digits) {
                return this;
            }
            long divisor = pow10(length - digits);
            long quotient = unscaled / divisor;
            long remainder = Math.abs(unscaled % divisor);
            if (remainder * 2 >= divisor) {
                quotient += unscaled < 0 ? -1 : 1;
            }
            return new Decimal(quotient, scale - (length - digits)).normalised();
        }

        private Long scaledTo(int target) {
            long factor = pow10(target - scale);
            if (factor == 0 || Math.abs(unscaled) > Long.MAX_VALUE / factor) {
                return null;
            }
            return unscaled * factor;
        }

        private static long pow10(int exponent) {
            if (exponent > MAX_DIGITS) {
                return 0;
            }
            long result = 1;
            for (int i = 0; i < exponent; i++) {
                result *= 10;
            }
            return result;
        }

        private Decimal normalised() {
            long u = unscaled;
            int s = scale;
            if (u == 0) {
                return new Decimal(0, 0);
            }
            while (u % 10 == 0 && s > -100) {
                u /= 10;
                s--;
            }
            return new Decimal(u, s);
        }

        /** Plain notation: no exponent, no trailing zeros, no point for integers. */
        @Override
        public String toString() {
            String digits = Long.toString(Math.abs(unscaled));
            StringBuilder out = new StringBuilder(unscaled < 0 ? "-" : "");
            if (scale <= 0) {
                out.append(digits);
                for (int i = 0; i < -scale; i++) {
                    out.append('0');
                }
            } else if (digits.length() > scale) {
                out.append(digits, 0, digits.length() - scale).append('.').append(digits.substring(digits.length() - scale));
            } else {
                out.append("0.");
                for (int i = digits.length(); i < scale; i++) {
                    out.append('0');
                }
                out.append(digits);
            }
            return out.toString();
        }
    }
}
