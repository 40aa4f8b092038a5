package dev.entangle.web.api;

import dev.entangle.core.mutation.Transform;
import dev.entangle.core.mutation.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;

/**
 * The {@code transform} option: {@code {inverse: [min, max]}}, {@code {scale: k}}, {@code {offset: d}},
 * or the name of a transform registered with {@code Entangle.registerTransform(name, forward, inverse)}
 * (on every page that binds with it).
 */
public final class Transforms {
    private static final Map<String, Named> registered = new HashMap<>();

    private Transforms() {
    }

    /** {@code Entangle.registerTransform(name, forward, inverse)}, its arguments checked. */
    public static void registerChecked(JSObject name, JSObject forward, JSObject inverse) {
        if (!"string".equals(Js.typeOf(name)) || !"function".equals(Js.typeOf(forward))
                || !"function".equals(Js.typeOf(inverse))) {
            Js.throwTypeError("Entangle.registerTransform(name, forward, inverse): a string and two functions, got "
                    + Js.describe(name) + ", " + Js.describe(forward) + ", " + Js.describe(inverse));
            return;
        }
        register(((org.teavm.jso.core.JSString) name).stringValue(), forward, inverse);
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
        String spec = Js.transformSpec(Js.get(options.raw(), "transform"));
        if (spec == null) {
            throw options.invalid("transform", problem);
        }
        List<String> parts = Identifiers.split(spec, ' ');
        List<Transform.Decimal> numbers = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) { // not a subList: the lite entry would carry its classes for this loop
            String number = parts.get(i);
            Transform.Decimal parsed = Transform.Decimal.parse(number);
            if (parsed == null) {
                throw options.invalid("transform", problem + " (" + number + " has too many digits)");
            }
            numbers.add(parsed);
        }
        String kind = parts.get(0); // not a switch on the string: see CoreKinds.readHubKind
        try {
            if (kind.equals("inverse")) {
                return Transform.inverse(numbers.get(0), numbers.get(1));
            }
            return kind.equals("scale") ? Transform.scale(numbers.get(0)) : Transform.offset(numbers.get(0));
        } catch (IllegalArgumentException e) {
            throw options.invalid("transform", problem + " (" + e.getMessage() + ")");
        }
    }
}
