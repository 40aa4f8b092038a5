package dev.entangle.core.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.json.simple.JSONValue;
import org.json.simple.parser.JSONParser;
import org.json.simple.parser.ParseException;

/**
 * The only code that touches json-simple. Parsing gives maps, lists, strings, longs, doubles,
 * booleans and nulls; writing keeps the iteration order of the maps it is given, so callers that
 * build with {@link JsonObject.Builder} get the same bytes on the JVM and in the browser.
 */
public final class Json {
    /** json-simple's parser with this class's writer: the engine on the JVM and the reference for any other. */
    public static final JsonEngine SIMPLE = new JsonEngine() {
        @Override
        public Object parse(String text) throws JsonException {
            return Json.parse(text);
        }

        @Override
        public String write(Object value) {
            return Json.write(value);
        }
    };

    /**
     * Parsers kept for reuse. json-simple's parser allocates a 32 KB lexer buffer when it is made,
     * which costs more than parsing a small frame: reusing one makes such a parse four to six times
     * faster. A parser is taken out of its slot while in use, so no two threads ever share one.
     */
    private static final AtomicReference<?>[] SPARE_PARSERS = {new AtomicReference<JSONParser>(),
            new AtomicReference<JSONParser>(), new AtomicReference<JSONParser>(), new AtomicReference<JSONParser>()};

    private Json() {
    }

    @SuppressWarnings("unchecked")
    private static JSONParser takeParser() {
        for (AtomicReference<?> slot : SPARE_PARSERS) {
            JSONParser parser = ((AtomicReference<JSONParser>) slot).getAndSet(null);
            if (parser != null) {
                return parser;
            }
        }
        return new JSONParser();
    }

    @SuppressWarnings("unchecked")
    private static void putBack(JSONParser parser) {
        for (AtomicReference<?> slot : SPARE_PARSERS) {
            if (((AtomicReference<JSONParser>) slot).compareAndSet(null, parser)) {
                return;
            }
        }
    }

    /** Parses one JSON value; anything else, including trailing garbage, is a malformed-JSON error. */
    public static Object parse(String text) throws JsonException {
        if (text == null) {
            throw new JsonException(JsonException.Problem.MALFORMED, "no text to parse");
        }
        JSONParser parser = takeParser();
        try {
            return parser.parse(text); // parse resets the parser's state first
        } catch (ParseException e) {
            throw new JsonException(JsonException.Problem.MALFORMED,
                    "malformed JSON at character " + e.getPosition() + describe(e));
        } catch (RuntimeException e) {
            // json-simple's lexer throws unchecked errors on some truncated input.
            throw new JsonException(JsonException.Problem.MALFORMED, "malformed JSON: " + e.getMessage());
        } finally {
            putBack(parser);
        }
    }

    /** Parses text that must be a JSON object. */
    public static JsonObject parseObject(String text) throws JsonException {
        return parseObject(text, SIMPLE);
    }

    /** Parses text that must be a JSON object, with the given engine. */
    public static JsonObject parseObject(String text, JsonEngine engine) throws JsonException {
        Object value = engine.parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException(JsonException.Problem.WRONG_TYPE, "expected a JSON object, got " + typeName(value));
        }
        return JsonObject.wrap((Map<?, ?>) value);
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(s, out);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("JSON has no representation for " + d);
            }
            out.append(d);
        } else if (value instanceof Number) {
            out.append(value); // a platform's own non-integer (see JsonEngine): its text is its JSON
        } else if (value instanceof JsonObject o) {
            write(o.asMap(), out);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendString(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** Most strings need no escaping: append those as they are, and leave the rest to json-simple. */
    private static void appendString(String s, StringBuilder out) {
        out.append('"');
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c >= 0x20 && c != '"' && c != '\\' && c != '/' && c < 0x7f;
        }
        out.append(plain ? s : JSONValue.escape(s)).append('"');
    }

    /**
     * A JSON object's key, which is always a string. Read keys through this rather than
     * {@code String.valueOf(key)}: TeaVM's analysis gives one type set to every map's keys (and every
     * list's elements), so a {@code toString} on such an {@code Object} in the browser build keeps the
     * {@code toString} of every record in the bundle.
     */
    public static String key(Object key) {
        if (key instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("a JSON object key must be a string, got " + typeName(key));
    }

    /**
     * A shallow copy of a JSON object's members, in their order, with the keys read by {@link #key}.
     */
    public static Map<String, Object> fields(Map<?, ?> object) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : object.entrySet()) {
            out.put(key(e.getKey()), e.getValue());
        }
        return out;
    }

    /**
     * A scalar JSON value as {@code String.valueOf} writes it (a string as itself, {@code null} as
     * "null"); an object or array by its type name, which also keeps the browser build from reaching
     * every class's {@code toString} (see {@link #key}).
     */
    public static String scalarText(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number number) {
            return String.valueOf(number);
        }
        if (value instanceof Boolean flag) {
            return String.valueOf(flag.booleanValue());
        }
        return value == null ? "null" : typeName(value);
    }

    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        // Not a JSON value at all (a caller's bug). Not its class name: getSimpleName in the browser
        // build keeps every class's name in the bundle.
        return "a value that is not JSON";
    }

    private static String describe(ParseException e) {
        Object token = e.getUnexpectedObject();
        return token == null ? " (unexpected end of text)" : " (unexpected " + token + ")";
    }
}
