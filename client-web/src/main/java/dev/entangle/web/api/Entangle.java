package dev.entangle.web.api;

import dev.entangle.core.mutation.Identifiers;
import java.util.function.Supplier;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;


/**
 * The page's entry point, {@code window.Entangle} (or the module's {@code Entangle} export):
 * {@code const client = await Entangle.connect({ url, clientId, room, token })}.
 */
public final class Entangle {
    private Entangle() {
    }

    /**
     * Connects to a hub and resolves once joined. While the hub is unreachable it keeps retrying
     * (the promise waits); it rejects with a TypeError for bad options and with an Error when the
     * hub refuses the join.
     */
    @JSExport
    public static JSPromise<Client> connect(JSObject rawOptions) {
        try {
            Options options = Options.of("Entangle.connect", rawOptions);
            String url = options.optionalString("url", null);
            if (url == null) {
                url = Js.defaultHubUrl();
            } else if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
                throw options.invalid("url", "must start with ws:// or wss://, got string \"" + url + "\"");
            }
            String clientId = options.requiredString("clientId");
            String problem = Identifiers.problemWithId(clientId);
            if (problem != null) {
                throw options.invalid("clientId", problem);
            }
            String room = options.optionalString("room", "default");
            problem = Identifiers.problemWithId(room);
            if (problem != null) {
                throw options.invalid("room", problem);
            }
            Supplier<String> token = token(options, rawOptions);
            boolean outbox = options.optionalBoolean("outbox", true);
            java.util.List<String> teams = options.optionalStrings("teams");
            if (teams != null) {
                for (String team : teams) {
                    problem = Identifiers.problemWithId(team);
                    if (problem != null) {
                        throw options.invalid("teams", "holds a bad team name: " + problem);
                    }
                }
            }
            return new EntangleClient(url, clientId, room, token, outbox, teams).start();
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
    }

    /**
     * {@code options.token}: a string, or a function the client calls before every connection
     * (so a long-lived page can fetch a fresh token before the old one expires).
     */
    private static Supplier<String> token(Options options, JSObject rawOptions) throws Options.BadOption {
        String type = Js.typeOf(rawOptions, "token");
        if (type.equals("undefined") || type.equals("null")) {
            return () -> null;
        }
        if (type.equals("function")) {
            JSObject function = Js.get(rawOptions, "token");
            return () -> Js.callForString(function);
        }
        String token = options.requiredString("token");
        return () -> token;
    }

    /**
     * Registers a named transform for the {@code transform} option: {@code forward} maps the shared
     * value to what this page shows, {@code inverse} maps it back. Register it on every page that
     * binds with it.
     */
    @JSExport
    public static void registerTransform(JSObject name, JSObject forward, JSObject inverse) {
        if (!"string".equals(Js.typeOf(name)) || !"function".equals(Js.typeOf(forward))
                || !"function".equals(Js.typeOf(inverse))) {
            Js.throwTypeError("Entangle.registerTransform(name, forward, inverse): a string and two functions, got "
                    + Js.describe(name) + ", " + Js.describe(forward) + ", " + Js.describe(inverse));
            return;
        }
        Transforms.register(((org.teavm.jso.core.JSString) name).stringValue(), forward, inverse);
    }

    /** Resolves once the build is loaded: at once for the JavaScript build (the Wasm loader replaces it). */
    @JSExport
    @JSProperty
    public static JSPromise<JSObject> getReady() {
        return JSPromise.resolve(null);
    }

    @JSExport
    @JSProperty
    public static String getVersion() {
        return "0.1.0";
    }
}
