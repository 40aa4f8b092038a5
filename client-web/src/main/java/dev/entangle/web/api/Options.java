package dev.entangle.web.api;

import org.teavm.jso.JSObject;

/**
 * An options object handed in by a page, read with type checks. A wrong option becomes a
 * {@link BadOption} whose message names the call, the option, what it must be and what it was.
 */
final class Options {
    private final String call;
    private final JSObject raw;

    /** Thrown for a bad option; the API turns it into a rejected promise with a TypeError. */
    static final class BadOption extends Exception {
        BadOption(String message) {
            super(message);
        }
    }

    private Options(String call, JSObject raw) {
        this.call = call;
        this.raw = raw;
    }

    static Options of(String call, JSObject raw) throws BadOption {
        if (raw == null || !"object".equals(Js.typeOf(raw))) {
            throw new BadOption(call + ": options must be an object, got " + (raw == null ? "undefined" : Js.describe(raw)));
        }
        return new Options(call, raw);
    }

    /** Like {@link #of}, but a missing options argument means no options. */
    static Options ofOptional(String call, JSObject raw) throws BadOption {
        return of(call, raw == null || "undefined".equals(Js.typeOf(raw)) ? Js.emptyObject() : raw);
    }

    String requiredString(String key) throws BadOption {
        String value = optionalString(key, null);
        if (value == null) {
            throw new BadOption(call + ": options." + key + " is required (a string)");
        }
        return value;
    }

    String optionalString(String key, String fallback) throws BadOption {
        if (absent(key)) {
            return fallback;
        }
        String type = Js.typeOf(raw, key);
        if (!type.equals("string")) {
            throw new BadOption(call + ": options." + key + " must be a string, got " + Js.describe(raw, key));
        }
        return Js.string(raw, key);
    }

    /** A string or a URL object, as an absolute address (relative to the page's); null when absent. */
    String optionalUrl(String key) throws BadOption {
        if (absent(key)) {
            return null;
        }
        String url = Js.absoluteUrl(Js.get(raw, key));
        if (url == null) {
            throw new BadOption(call + ": options." + key + " must be a string or a URL, got " + Js.describe(raw, key));
        }
        return url;
    }

    boolean optionalBoolean(String key, boolean fallback) throws BadOption {
        if (absent(key)) {
            return fallback;
        }
        String type = Js.typeOf(raw, key);
        if (!type.equals("boolean")) {
            throw new BadOption(call + ": options." + key + " must be true or false, got " + Js.describe(raw, key));
        }
        return Js.bool(raw, key);
    }

    /** A whole number within {@code min..max}. */
    int optionalInt(String key, int fallback, int min, int max) throws BadOption {
        if (absent(key)) {
            return fallback;
        }
        String type = Js.typeOf(raw, key);
        double value = type.equals("number") ? Js.number(raw, key) : Double.NaN;
        if (value != Math.rint(value) || value < min || value > max) {
            throw new BadOption(call + ": options." + key + " must be a whole number from " + min + " to " + max
                    + ", got " + Js.describe(raw, key));
        }
        return (int) value;
    }

    /** An array of strings, or null when absent. */
    java.util.List<String> optionalStrings(String key) throws BadOption {
        if (absent(key)) {
            return null;
        }
        String type = Js.typeOf(raw, key);
        if (!Js.isStringArray(raw, key)) {
            throw new BadOption(call + ": options." + key + " must be a non-empty array of strings, got " + Js.describe(raw, key));
        }
        return dev.entangle.core.mutation.Identifiers.split(Js.joinedStrings(raw, key), '\u0000');
    }

    /** Not given: undefined or null, which every option treats as "use the default". */
    private boolean absent(String key) {
        String type = Js.typeOf(raw, key);
        return type.equals("undefined") || type.equals("null");
    }

    /** The options object as the page gave it. */
    JSObject raw() {
        return raw;
    }

    /** The option's type as {@code typeof} tells it ({@code 'null'} for null). */
    String typeOf(String key) {
        return Js.typeOf(raw, key);
    }

    /** A string that must be one of {@code allowed}. */
    String choice(String key, String fallback, String... allowed) throws BadOption {
        String value = optionalString(key, fallback);
        for (String option : allowed) {
            if (option.equals(value)) {
                return value;
            }
        }
        throw new BadOption(call + ": options." + key + " must be one of '" + String.join("', '", allowed)
                + "', got " + Js.describe(raw, key));
    }

    BadOption invalid(String key, String problem) {
        return new BadOption(call + ": options." + key + " " + problem);
    }
}
