package dev.entangle.web.api;

import dev.entangle.core.mutation.AttributeFilter;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.mutation.Transform;
import dev.entangle.core.session.BindingOptions;
import java.util.List;
import org.teavm.jso.JSObject;

/** The options of {@code client.entangle(element, options)}, checked; see the README for each. */
record BindingSpec(String selector, BindingOptions options, boolean children) {

    static BindingSpec parse(String call, JSObject element, JSObject raw, String forcedTo, Mode forcedMode)
            throws Options.BadOption {
        Options options = Options.ofOptional(call, raw);
        String selector = options.optionalString("selector", dev.entangle.web.dom.ElementLink.defaultSelector(element));
        if (selector == null) {
            throw options.invalid("selector", "is required for an element without an id");
        }
        String problem = Identifiers.problemWithSelector(selector);
        if (problem != null) {
            throw options.invalid("selector", problem);
        }
        String to = forcedTo != null ? forcedTo : target(options);
        Target target;
        try {
            target = Target.parse(to);
        } catch (IllegalArgumentException e) {
            throw options.invalid("to", e.getMessage());
        }
        Mode mode = forcedMode != null ? forcedMode
                : Mode.fromWire(options.choice("mode", "bidirectional", "bidirectional", "mirror", "mesh"));
        List<String> allow = options.optionalStrings("attributes");
        List<String> ignore = options.optionalStrings("ignoreAttributes");
        AttributeFilter filter = allow == null && ignore == null ? AttributeFilter.ALL : new AttributeFilter(allow, ignore);
        problem = filter.problem();
        if (problem != null) {
            throw options.invalid("attributes", problem);
        }
        Transform transform = Transforms.parse(options);
        int batch = options.optionalInt("batch", BindingOptions.DEFAULT_BATCH_MILLIS, 0, 10_000);
        boolean owned = options.optionalBoolean("ownership", false);
        boolean persistent = options.optionalBoolean("persistent", false);
        boolean children = options.optionalBoolean("children", false);
        return new BindingSpec(selector, new BindingOptions(target, mode, filter, transform, batch, owned, persistent),
                children);
    }

    /** {@code to}: a string, or an array of them (a mesh's members); {@code '*'} by default. */
    private static String target(Options options) throws Options.BadOption {
        String type = options.typeOf("to");
        if (type.equals("object")) {
            return String.join(",", options.optionalStrings("to"));
        }
        return options.optionalString("to", "*");
    }
}
