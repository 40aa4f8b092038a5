package dev.entangle.core.mutation;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An element's child list as a sanitised structure, the only form in which children travel: a JSON
 * array whose items are text (a string) or an element ({@code {"tag":"li","attrs":{...},"children":[...]}}).
 * Only inert tags are allowed, and attributes pass the same rules as a bound attribute, minus the ones
 * that could clobber the page's globals or restyle it ({@code id}, {@code name}, {@code style}). The hub
 * checks a list before relaying it and the receiving page again before building nodes from it, with
 * {@code createElement} and {@code createTextNode}, never by parsing markup.
 */
public final class ChildList {
    /** Tags a peer may create: text-level and structural elements that run nothing and load nothing by themselves. */
    public static final Set<String> TAGS = Names.of("a", "abbr", "b", "blockquote", "br", "button", "code", "dd", "del", "div",
            "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "label", "li",
            "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
            "tfoot", "th", "thead", "time", "tr", "u", "ul");
    private static final Set<String> FORBIDDEN_ATTRIBUTES = Names.of("id", "name", "style", "form", "is");
    public static final int MAX_DEPTH = 16;
    public static final int MAX_NODES = 2_000;

    /** One node of a child list. */
    public sealed interface Node permits Text, Element {
    }

    public record Text(String text) implements Node {
    }

    public record Element(String tag, Map<String, String> attributes, List<Node> children) implements Node {
    }

    private ChildList() {
    }

    /** Why {@code json} is not a safe child list, or null when it is. */
    public static String problemWith(String json) {
        return problemWith(json, Json.SIMPLE);
    }

    /** The same, parsed by {@code engine} (the browser brings its own parser). */
    public static String problemWith(String json, JsonEngine engine) {
        try {
            parse(json, engine);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The nodes of a child list; throws with the reason when it is malformed or unsafe. */
    public static List<Node> parse(String json) {
        return parse(json, Json.SIMPLE);
    }

    public static List<Node> parse(String json, JsonEngine engine) {
        if (json == null) {
            return List.of();
        }
        Object raw;
        try {
            raw = engine.parse(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("child list is not JSON: " + e.getMessage());
        }
        int[] count = {0};
        return nodes(raw, 0, count);
    }

    private static List<Node> nodes(Object raw, int depth, int[] count) {
        if (!(raw instanceof List<?> items)) {
            throw new IllegalArgumentException("a child list must be an array, got " + Json.typeName(raw));
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("a child list nests at most " + MAX_DEPTH + " levels");
        }
        List<Node> out = new ArrayList<>();
        for (Object item : items) {
            if (++count[0] > MAX_NODES) {
                throw new IllegalArgumentException("a child list holds at most " + MAX_NODES + " nodes");
            }
            if (item instanceof String text) {
                out.add(new Text(text));
            } else if (item instanceof Map<?, ?> element) {
                out.add(element(element, depth, count));
            } else {
                throw new IllegalArgumentException("a child is text or an element object, got " + Json.typeName(item));
            }
        }
        return out;
    }

    private static Element element(Map<?, ?> raw, int depth, int[] count) {
        if (!(raw.get("tag") instanceof String tag)) {
            throw new IllegalArgumentException("an element child needs a string 'tag'");
        }
        String lower = Names.lowerAscii(tag);
        if (!TAGS.contains(lower)) {
            throw new IllegalArgumentException("element <" + tag + "> may not be created by a peer");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Object rawAttributes = raw.get("attrs");
        if (rawAttributes != null) {
            if (!(rawAttributes instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("'attrs' of <" + tag + "> must be an object");
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = Json.key(entry.getKey());
                if (!(entry.getValue() instanceof String value)) {
                    throw new IllegalArgumentException("attribute '" + name + "' of <" + tag + "> must be a string");
                }
                String problem = MutationSafety.problemWithAttribute(name, value);
                if (problem == null && FORBIDDEN_ATTRIBUTES.contains(Names.lowerAscii(name))) {
                    problem = "attribute '" + name + "' may not be set on a child by a peer";
                }
                if (problem != null) {
                    throw new IllegalArgumentException(problem + " (in <" + tag + ">)");
                }
                attributes.put(name, value);
            }
        }
        Object children = raw.get("children");
        List<Node> kids = children == null ? List.of() : nodes(children, depth + 1, count);
        return new Element(lower, attributes, kids);
    }
}
