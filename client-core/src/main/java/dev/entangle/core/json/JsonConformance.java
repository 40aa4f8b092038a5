package dev.entangle.core.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fixed set of JSON texts — awkward strings, numbers, nesting and malformed input — read by an
 * engine and written back by {@link Json#write}. Two engines that give the same trees give the same
 * report, so the browser's engine is checked against json-simple's by comparing one string.
 * (json-simple also reads some texts that are not JSON, such as {@code {"a" 1}}; the browser's
 * parser refuses them, so they are not in the set.)
 */
public final class JsonConformance {
    private static final List<String> TEXTS = List.of(
            "{\"type\":\"text-op\",\"doc\":\"notes\",\"revision\":12,\"op\":[3,\"hi\",-2,4]}",
            "\"quote \\\" backslash \\\\ slash \\/ tab \\t newline \\n return \\r\"",
            "\"control \\u0001\\u001f and nul \\u0000\"",
            "\"emoji 😀 👍🏽 escaped \\ud83d\\ude00 and é 中\"",
            "\"line separators \u2028 \u2029\"",
            "[0,-12,9007199254740991,-9007199254740991,1.5,-0.25,true,false,null]",
            "{\"nested\":{\"deeper\":[[],{},[{\"a\":[1,[2,[3]]]}]]},\"empty\":\"\"}",
            "  {\"spaces\" : [ 1 , 2 ] }  ",
            "{\"a\":1,\"a\":2}",
            "{",
            "{\"a\":}",
            "{\"a\":1} trailing",
            "",
            "nul",
            "\"unterminated",
            "[1,2");

    private JsonConformance() {
    }

    /** One line per text: the tree written back with its keys sorted, or {@code malformed}. */
    public static String run(JsonEngine engine) {
        StringBuilder report = new StringBuilder();
        for (String text : TEXTS) {
            try {
                report.append(Json.write(sorted(engine.parse(text))));
            } catch (JsonException e) {
                report.append(e.problem() == JsonException.Problem.MALFORMED ? "malformed" : "wrong type");
            }
            report.append('\n');
        }
        return report.toString();
    }

    /** The tree with every map's keys in order: json-simple's maps are hash maps, the browser's keep the text's order. */
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((key, child) -> out.put(String.valueOf(key), sorted(child)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return value;
    }
}
