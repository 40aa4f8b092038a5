package dev.entangle.core.mutation;

/** Rules for client ids, room names and selectors, checked the same way by the page and the hub. */
public final class Identifiers {
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_SELECTOR_LENGTH = 256;

    private Identifiers() {
    }

    /** Why {@code id} is not a valid client id or room name, or null when it is. */
    public static String problemWithId(String id) {
        if (id == null || id.isEmpty()) {
            return "must not be empty";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "must be at most " + MAX_ID_LENGTH + " characters, got " + id.length();
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '@';
            if (!ok) {
                return "may hold only letters, digits and - _ . : @, got '" + id + "'";
            }
        }
        return null;
    }

    /** Why {@code selector} cannot name a binding, or null when it can. */
    public static String problemWithSelector(String selector) {
        if (selector == null || selector.isBlank()) {
            return "must not be empty";
        }
        if (selector.length() > MAX_SELECTOR_LENGTH) {
            return "must be at most " + MAX_SELECTOR_LENGTH + " characters, got " + selector.length();
        }
        return null;
    }

    /**
     * {@code text} cut at every {@code separator}, empty parts kept. (String.split would bring a
     * regular-expression engine into the browser bundle.)
     */
    public static java.util.List<String> split(String text, char separator) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
