package dev.entangle.core.json;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Fixed sets of names (frame types, actions, tags, attributes) and the ASCII case they are compared
 * in. The sets are built here rather than with {@code Set.of} or {@code List.of}, and looked up by
 * {@code contains} on a hash set: in TeaVM's analysis the elements of every {@code List.of} and
 * every copied {@code Object[]} share one type set, and a lookup that calls {@code equals} on such
 * an element (as {@code Set.of}'s duplicate check and {@code List.of(...).contains} do) kept the
 * {@code equals} and {@code hashCode} of every record in the browser build.
 */
public final class Names {
    private Names() {
    }

    /** An unmodifiable set of {@code names}. */
    public static Set<String> of(String... names) {
        Set<String> out = new HashSet<>();
        for (String name : names) {
            out.add(name);
        }
        return new Fixed(out);
    }

    /**
     * Whether {@code names} holds {@code name}: {@code names.contains(name)} for a list or any other
     * collection, comparing as strings (a {@code List.of}'s own {@code contains} would not).
     */
    public static boolean listed(Iterable<String> names, String name) {
        for (String listed : names) {
            if (listed != null && listed.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * ASCII lower case, as HTML matches tag and attribute names and as URLs match schemes: only A–Z
     * change. ({@code String.toLowerCase} would also fold a few non-ASCII letters into ASCII ones,
     * which no browser does, and costs the browser build the Unicode case tables.)
     */
    public static String lowerAscii(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                c = (char) (c + ('a' - 'A'));
            }
            if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * A set nothing can change whose {@code contains} is its hash set's (TeaVM's
     * {@code Collections.unmodifiableSet} looks up by iterating and calling {@code equals} on each element).
     */
    private static final class Fixed extends AbstractSet<String> {
        private final Set<String> names;

        Fixed(Set<String> names) {
            this.names = names;
        }

        @Override
        public boolean contains(Object o) {
            return names.contains(o);
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.unmodifiableSet(names).iterator();
        }

        @Override
        public int size() {
            return names.size();
        }
    }
}
