package dev.entangle.web.api;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.mutation.Transform;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;

/**
 * The {@code transform} option: {@code {inverse: [min, max]}}, {@code {scale: k}}, {@code {offset: d}},
 * or the name of a transform registered with {@code Entangle.registerTransform(name, forward, inverse)}
 * (on every page that binds with it).
 */
final class Transforms {
    private static final Map<String, Named> registered = new HashMap<>();

    private Transforms() {
    }

    /** A page's pair of functions, kept in typed fields (a JS function in a generic collection breaks on Wasm). */
    private static final class Named implements Transform {
        final JSObject forward;
        final JSObject inverse;

        Named(JSObject forward, JSObject inverse) {
            this.forward = forward;
            this.inverse = inverse;
        }

        @Override
        public String forward(String shared) {
            return shared == null ? null : Js.callWithString(forward, shared);
        }

        @Override
        public String inverse(String local) {
            return local == null ? null : Js.callWithString(inverse, local);
        }
    }

    static void register(String name, JSObject forward, JSObject inverse) {
        registered.put(name, new Named(forward, inverse));
    }

    static Transform parse(Options options) throws Options.BadOption {
        String type = options.typeOf("transform");
        if (type.equals("undefined") || type.equals("null")) {
            return Transform.IDENTITY;
        }
        if (type.equals("string")) {
            String name = options.optionalString("transform", null);
            Named named = registered.get(name);
            if (named == null) {
                throw options.invalid("transform", "names no registered transform: '" + name
                        + "' (call Entangle.registerTransform first)");
            }
            return named;
        }
        String problem = "must be {inverse: [min, max]}, {scale: number}, {offset: number} or a registered name";
        Map<?, ?> spec;
        try {
            Object parsed = Json.parse(options.json("transform"));
            if (!(parsed instanceof Map<?, ?> map) || map.size() != 1) {
                throw options.invalid("transform", problem);
            }
            spec = map;
        } catch (JsonException | RuntimeException e) {
            throw options.invalid("transform", problem);
        }
        try {
            if (spec.get("inverse") instanceof List<?> range && range.size() == 2) {
                return Transform.inverse(number(range.get(0)), number(range.get(1)));
            }
            if (spec.containsKey("scale")) {
                return Transform.scale(number(spec.get("scale")));
            }
            if (spec.containsKey("offset")) {
                return Transform.offset(number(spec.get("offset")));
            }
        } catch (IllegalArgumentException e) {
            throw options.invalid("transform", problem + " (" + e.getMessage() + ")");
        }
        throw options.invalid("transform", problem);
    }

    private static double number(Object value) {
        if (value instanceof Long n) {
            return n;
        }
        if (value instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException("not a number: " + value);
    }
}
