package dev.entangle.web.api;

import dev.entangle.core.mutation.Identifiers;
import java.util.function.Supplier;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/**
 * {@code Entangle.connect}, shared by the full namespace and the lite one ({@code /lite}: bindings
 * and text without named operations), so that neither has to reach the other's exports.
 */
public final class Connect {
    private Connect() {
    }

    /**
     * Connects to a hub and resolves once joined. While the hub is unreachable it keeps retrying
     * (the promise waits); it rejects with a TypeError for bad options and with an Error when the
     * hub refuses the join. {@code signal} (an AbortSignal) cancels it and, later, closes the
     * client; {@code debug: true} logs the client's traffic to the console.
     */
    public static JSPromise<Client> connect(JSObject rawOptions) {
        try {
            Options options = Options.of("Entangle.connect", rawOptions);
            String url = hubUrl(options);
            String clientId = checkedId(options, "clientId", options.requiredString("clientId"));
            String room = checkedId(options, "room", options.optionalString("room", "default"));
            Supplier<String> token = token(options, rawOptions);
            boolean outbox = options.optionalBoolean("outbox", true);
            java.util.List<String> teams = options.optionalStrings("teams");
            if (teams != null) {
                for (String team : teams) {
                    String problem = Identifiers.problemWithId(team);
                    if (problem != null) {
                        throw options.invalid("teams", "holds a bad team name: " + problem);
                    }
                }
            }
            Abort abort = Abort.of(options);
            boolean debug = options.optionalBoolean("debug", false);
            return new EntangleClient(url, clientId, room, token, outbox, teams).start(abort, debug);
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
    }

    /** {@code options.url}: a ws:// or wss:// URL, by default {@code /entangle} on the page's own host. */
    static String hubUrl(Options options) throws Options.BadOption {
        String url = options.optionalString("url", null);
        if (url == null) {
            return Js.defaultHubUrl();
        }
        if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
            throw options.invalid("url", "must start with ws:// or wss://, got string \"" + url + "\"");
        }
        return url;
    }

    static String checkedId(Options options, String key, String value) throws Options.BadOption {
        String problem = Identifiers.problemWithId(value);
        if (problem != null) {
            throw options.invalid(key, problem);
        }
        return value;
    }

    /**
     * {@code options.token}: a string, or a function the client calls before every connection
     * (so a long-lived page can fetch a fresh token before the old one expires).
     */
    static Supplier<String> token(Options options, JSObject rawOptions) throws Options.BadOption {
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
}
