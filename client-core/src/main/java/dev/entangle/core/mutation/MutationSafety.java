package dev.entangle.core.mutation;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.Names;
import java.util.Set;

/**
 * The rule that a remote change never runs script in the receiving page. The hub refuses unsafe
 * vectors before relaying them and the page refuses them again before applying (defence in depth):
 * no {@code on*} attributes, no {@code srcdoc}, no script-bearing URL schemes in URL attributes,
 * only plain form properties, and child lists only as a {@link ChildList} of inert elements.
 */
public final class MutationSafety {
    /** Properties a peer may set; anything else ({@code innerHTML}, {@code outerHTML}, ...) could inject markup. */
    public static final Set<String> SETTABLE_PROPERTIES = Names.of("value", "checked", "selectedIndex");

    private static final Set<String> URL_ATTRIBUTES = Names.of("href", "src", "action", "formaction", "xlink:href",
            "poster", "data", "background", "cite", "codebase", "manifest", "ping", "srcset", "lowsrc", "dynsrc",
            "longdesc", "usemap", "profile", "classid", "archive");
    private static final String[] SCRIPT_SCHEMES = {"javascript:", "vbscript:", "data:"};

    private MutationSafety() {
    }

    /** Why applying {@code vector} in a page would be unsafe, or null when it is safe. */
    public static String problemWith(MutationVector vector) {
        return problemWith(vector, Json.SIMPLE);
    }

    /** The same, reading a child list with {@code engine}. */
    public static String problemWith(MutationVector vector, JsonEngine engine) {
        // Not a switch on the enum: javac gives such a switch a class of its own (a table by
        // ordinal), which the browser bundles would carry.
        MutationKind kind = vector.kind();
        if (kind == MutationKind.ATTRIBUTE) {
            return problemWithAttribute(vector.name(), vector.newValue());
        }
        if (kind == MutationKind.PROPERTY) {
            return SETTABLE_PROPERTIES.contains(vector.name()) ? null
                    : "property '" + vector.name() + "' may not be set by a peer (allowed: value, checked, selectedIndex)";
        }
        return kind == MutationKind.CHILDREN ? ChildList.problemWith(vector.newValue(), engine) : null;
    }

    static String problemWithAttribute(String name, String value) {
        if (!isPlainAttributeName(name)) {
            return "attribute name '" + name + "' is not a plain attribute name";
        }
        String lower = Names.lowerAscii(name);
        if (lower.startsWith("on")) {
            return "event-handler attribute '" + name + "' may not be set by a peer";
        }
        if (lower.equals("srcdoc")) {
            return "attribute 'srcdoc' may not be set by a peer";
        }
        if (value != null && URL_ATTRIBUTES.contains(lower)) {
            String scheme = schemeOf(value);
            for (String forbidden : SCRIPT_SCHEMES) {
                if (scheme.startsWith(forbidden)) {
                    return "URL with scheme '" + forbidden + "' may not be set in '" + name + "' by a peer";
                }
            }
        }
        return null;
    }

    private static boolean isPlainAttributeName(String name) {
        if (name == null || name.isEmpty() || name.length() > 128) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"), so do we. */
    private static String schemeOf(String url) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < url.length() && out.length() < 16; i++) {
            char c = url.charAt(i);
            if (c > ' ' && c != '\u007f') {
                out.append(c);
            }
        }
        return Names.lowerAscii(out.toString());
    }
}
