package dev.entangle.web.json;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * The browser's own {@code JSON.parse} and {@code JSON.stringify} behind client-core's engine seam:
 * json-simple's lexer, compiled by TeaVM, is the slowest step a frame takes in the page (about 40 µs
 * a text operation in the JS build), while the browser's parser is native code. The trees are the
 * ones json-simple gives, with one difference: a number is a Long when it is a safe integer (|n| ≤
 * 2^53 − 1), whatever its spelling, so {@code 1.0} reads as the integer 1, and any other number is
 * a {@link BrowserNumber} rather than a Double (see there why). The hub writes integers
 * without a fraction, so its frames read the same either way. Writing, integers past 2^53 would
 * lose precision and integer-like keys come first (JavaScript's key order); the protocol has neither.
 */
public final class BrowserJson implements JsonEngine {
    public static final BrowserJson ENGINE = new BrowserJson();

    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int NUMBER = 2;
    private static final int BOOLEAN = 3;
    private static final int ARRAY = 4;

    private BrowserJson() {
    }

    @Override
    public Object parse(String text) throws JsonException {
        if (text == null) {
            throw JsonException.malformed("no text to parse");
        }
        JSObject parsed = parseOrExplain(text);
        if (kindOf(parsed) == STRING) {
            throw JsonException.malformed("malformed JSON: " + asString(parsed));
        }
        return toJava(first(parsed));
    }

    @Override
    public String write(Object value) {
        return stringify(toJs(value));
    }

    private static Object toJava(JSObject value) {
        switch (kindOf(value)) {
            case NULL:
                return null;
            case STRING:
                return asString(value);
            case NUMBER:
                double number = asNumber(value);
                return isSafeInteger(value) ? (Object) (long) number : new BrowserNumber(number);
            case BOOLEAN:
                return asBoolean(value);
            case ARRAY:
                int length = length(value);
                List<Object> list = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    list.add(toJava(at(value, i)));
                }
                return list;
            default:
                JSObject keys = keys(value);
                int count = length(keys);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    String key = asString(at(keys, i));
                    map.put(key, toJava(get(value, key)));
                }
                return map;
        }
    }

    private static JSObject toJs(Object value) {
        if (value == null) {
            return jsNull();
        } else if (value instanceof String s) {
            return jsString(s);
        } else if (value instanceof Long n) {
            return jsNumber(n);
        } else if (value instanceof Integer n) {
            return jsNumber(n);
        } else if (value instanceof Double || value instanceof BrowserNumber) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                // Named, not "+ d": formatting a double would bring TeaVM's double-to-text tables in.
                throw new IllegalArgumentException("JSON has no representation for "
                        + (Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"));
            }
            return jsNumber(d);
        } else if (value instanceof Boolean b) {
            return jsBoolean(b);
        } else if (value instanceof JsonObject o) {
            return toJs(o.asMap());
        } else if (value instanceof Map<?, ?> map) {
            JSObject object = newObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                set(object, Json.key(e.getKey()), toJs(e.getValue()));
            }
            return object;
        } else if (value instanceof List<?> list) {
            JSObject array = newArray();
            for (int i = 0; i < list.size(); i++) {
                push(array, toJs(list.get(i)));
            }
            return array;
        }
        throw new IllegalArgumentException("cannot write " + Json.typeName(value) + " as JSON");
    }

    /** {@code [value]}, or the parser's message as a string when the text is not JSON. */
    @JSBody(params = "text", script = "try { return [JSON.parse(text)]; } catch (e) { return String(e && e.message); }")
    private static native JSObject parseOrExplain(String text);

    @JSBody(params = "value", script = "return JSON.stringify(value);")
    private static native String stringify(JSObject value);

    @JSBody(params = "v", script = "if (v === null || v === undefined) return 0; var t = typeof v;"
            + " return t === 'string' ? 1 : t === 'number' ? 2 : t === 'boolean' ? 3 : Array.isArray(v) ? 4 : 5;")
    private static native int kindOf(JSObject value);

    @JSBody(params = "v", script = "return v[0];")
    private static native JSObject first(JSObject value);

    @JSBody(params = "v", script = "return v;")
    private static native String asString(JSObject value);

    @JSBody(params = "v", script = "return v;")
    private static native double asNumber(JSObject value);

    @JSBody(params = "v", script = "return Number.isSafeInteger(v);")
    private static native boolean isSafeInteger(JSObject value);

    @JSBody(params = "v", script = "return v;")
    private static native boolean asBoolean(JSObject value);

    @JSBody(params = "v", script = "return v.length;")
    private static native int length(JSObject value);

    @JSBody(params = {"v", "i"}, script = "return v[i];")
    private static native JSObject at(JSObject value, int index);

    @JSBody(params = "v", script = "return Object.keys(v);")
    private static native JSObject keys(JSObject value);

    @JSBody(params = {"v", "k"}, script = "return v[k];")
    private static native JSObject get(JSObject value, String key);

    @JSBody(script = "return null;")
    private static native JSObject jsNull();

    @JSBody(params = "s", script = "return s;")
    private static native JSObject jsString(String value);

    @JSBody(params = "n", script = "return n;")
    private static native JSObject jsNumber(double value);

    @JSBody(params = "b", script = "return b;")
    private static native JSObject jsBoolean(boolean value);

    /** Without a prototype, so a key named {@code __proto__} is a key like any other. */
    @JSBody(script = "return Object.create(null);")
    private static native JSObject newObject();

    @JSBody(script = "return [];")
    private static native JSObject newArray();

    @JSBody(params = {"o", "k", "v"}, script = "o[k] = v;")
    private static native void set(JSObject object, String key, JSObject value);

    @JSBody(params = {"a", "v"}, script = "a.push(v);")
    private static native void push(JSObject array, JSObject value);
}
