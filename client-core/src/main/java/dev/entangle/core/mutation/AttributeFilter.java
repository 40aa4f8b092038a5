package dev.entangle.core.mutation;

import dev.entangle.core.json.Names;
import java.util.List;

/**
 * Which attributes and form properties a binding synchronises: only those on {@code allow} (all,
 * when it is null), never those on {@code ignore}. Text and child-list changes are not named, so
 * the filter lets them through; an element's kind decides whether it has them.
 */
public record AttributeFilter(List<String> allow, List<String> ignore) {
    public static final AttributeFilter ALL = new AttributeFilter(null, null);
    /** At most this many names in each list. */
    public static final int MAX_NAMES = 64;

    public AttributeFilter {
        allow = allow == null ? null : List.copyOf(allow);
        ignore = ignore == null ? null : List.copyOf(ignore);
    }

    /** Whether a change of this kind and name passes. */
    public boolean permits(MutationKind kind, String name) {
        if (kind != MutationKind.ATTRIBUTE && kind != MutationKind.PROPERTY) {
            return true;
        }
        return (allow == null || Names.listed(allow, name)) && (ignore == null || !Names.listed(ignore, name));
    }

    public boolean permits(MutationVector vector) {
        return permits(vector.kind(), vector.name());
    }

    /** Why the lists cannot be used, or null when they can. */
    public String problem() {
        String problem = problemWith("attributes", allow);
        return problem != null ? problem : problemWith("ignoreAttributes", ignore);
    }

    private static String problemWith(String field, List<String> names) {
        if (names == null) {
            return null;
        }
        if (names.size() > MAX_NAMES) {
            return field + " lists at most " + MAX_NAMES + " names, got " + names.size();
        }
        for (String name : names) {
            if (name == null || name.isEmpty() || name.length() > 128) {
                return field + " holds an empty or overlong name";
            }
        }
        return null;
    }
}
