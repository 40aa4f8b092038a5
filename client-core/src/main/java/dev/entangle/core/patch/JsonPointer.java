package dev.entangle.core.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON Pointer (RFC 6901): {@code ""} is the whole document, {@code /a/0/b~1c} walks member
 * {@code a}, item 0, member {@code b/c} ({@code ~1} is {@code /}, {@code ~0} is {@code ~}).
 * Documents are the trees of {@link dev.entangle.core.json.JsonEngine}: maps, lists, strings,
 * numbers, booleans and null.
 */
public record JsonPointer(List<String> tokens) {

    public static final JsonPointer ROOT = new JsonPointer(List.of());

    public JsonPointer {
        tokens = List.copyOf(tokens);
    }

    public static JsonPointer parse(String text) throws PatchException {
        if (text == null) {
            throw new PatchException("a pointer is required");
        }
        if (text.isEmpty()) {
            return ROOT;
        }
        if (text.charAt(0) != '/') {
            throw new PatchException("pointer '" + text + "' must be empty or start with '/'");
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 1; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '/';
            if (c == '/') {
                tokens.add(token.toString());
                token.setLength(0);
            } else if (c == '~') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
                if (next != '0' && next != '1') {
                    throw new PatchException("pointer '" + text + "' has '~' not followed by 0 or 1");
                }
                token.append(next == '0' ? '~' : '/');
                i++;
            } else {
                token.append(c);
            }
        }
        return new JsonPointer(tokens);
    }

    public boolean isRoot() {
        return tokens.isEmpty();
    }

    public JsonPointer parent() {
        return new JsonPointer(tokens.subList(0, tokens.size() - 1));
    }

    public String last() {
        return tokens.get(tokens.size() - 1);
    }

    /** This pointer with {@code token} added at the end. */
    public JsonPointer child(String token) {
        List<String> longer = new ArrayList<>(tokens);
        longer.add(token);
        return new JsonPointer(longer);
    }

    /** Whether {@code other} points inside what this pointer points at (and is not the same). */
    public boolean isProperPrefixOf(JsonPointer other) {
        return other.tokens.size() > tokens.size() && startsOf(other, tokens.size());
    }

    /** Whether the first {@code count} tokens of {@code other} are this pointer's first {@code count}. */
    private boolean startsOf(JsonPointer other, int count) {
        for (int i = 0; i < count; i++) {
            if (!tokens.get(i).equals(other.tokens.get(i))) {
                return false;
            }
        }
        return true;
    }

    // equals and hashCode compare the tokens as strings, not as lists: a List's equals in the
    // browser build would keep the equals of every record (see dev.entangle.core.json.Names).
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPointer other && other.tokens.size() == tokens.size() && startsOf(other, tokens.size());
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (String token : tokens) {
            hash = 31 * hash + token.hashCode();
        }
        return hash;
    }

    /** The value this pointer points at in {@code document}; throws when there is none. */
    public Object resolve(Object document) throws PatchException {
        Object current = document;
        for (int i = 0; i < tokens.size(); i++) {
            current = step(current, tokens.get(i), i);
        }
        return current;
    }

    private Object step(Object container, String token, int depth) throws PatchException {
        if (container instanceof Map<?, ?> map) {
            if (!map.containsKey(token)) {
                throw new PatchException("no member '" + token + "' at " + prefix(depth));
            }
            return map.get(token);
        }
        if (container instanceof List<?> list) {
            int index = index(token, list.size() - 1);
            return list.get(index);
        }
        throw new PatchException(prefix(depth) + " is not an object or an array");
    }

    /** {@code token} as an array index from 0 to {@code max}: digits, no leading zero. */
    static int index(String token, int max) throws PatchException {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            throw new PatchException("'" + token + "' is not an array index");
        }
        int index = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new PatchException("'" + token + "' is not an array index");
            }
            index = index * 10 + (c - '0');
        }
        if (index > max) {
            throw new PatchException("index " + index + " is out of bounds (at most " + max + ")");
        }
        return index;
    }

    private String prefix(int depth) {
        return new JsonPointer(tokens.subList(0, depth)).toString();
    }

    /** The pointer's text, escaped. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (String token : tokens) {
            out.append('/');
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                out.append(c == '~' ? "~0" : c == '/' ? "~1" : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
