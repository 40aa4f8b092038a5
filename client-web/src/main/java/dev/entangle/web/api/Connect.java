package dev.entangle.web.api;

import dev.entangle.core.failover.HubRotation;
import dev.entangle.core.mutation.Identifiers;
import java.util.ArrayList;
import java.util.List;
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
        return connect(rawOptions, null);
    }

    /**
     * What the full entry adds to a page client: presence, chat, activity and pointers. The lite
     * entry passes none, so none of that code is in its bundle.
     */
    interface Extras {
        /** Reads its options (a BadOption when one is wrong); returns what makes its part of a client. */
        Maker read(Options options, JSObject raw) throws Options.BadOption;

        interface Maker {
            Multiplayers make(dev.entangle.core.session.ClientSession session, PageEvents events,
                    PagePresence.BoundText boundText);
        }
    }

    /** {@link #connect(JSObject)} with the full entry's {@code extras} (null: none). */
    static JSPromise<Client> connect(JSObject rawOptions, Extras extras) {
        try {
            Options options = Options.of("Entangle.connect", rawOptions);
            List<String> urls = hubUrls(options);
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
            Extras.Maker multiplayer = extras == null ? null : extras.read(options, rawOptions);
            return new EntangleClient(urls, clientId, room, token, outbox, teams, multiplayer).start(abort, debug);
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
    }

    /**
     * {@code options.url}: a ws:// or wss:// URL, or a non-empty array of them (nodes of one
     * cluster: the client connects to one and moves to the next when a connection fails or is
     * lost); by default {@code /entangle} on the page's own host.
     */
    static List<String> hubUrls(Options options) throws Options.BadOption {
        String type = options.typeOf("url");
        if (type.equals("undefined") || type.equals("null")) {
            return List.of(Js.defaultHubUrl());
        }
        if (type.equals("string")) {
            return List.of(hubUrl(options, "url", options.optionalString("url", null)));
        }
        JSObject given = Js.get(options.raw(), "url");
        if (!Js.isArray(given)) {
            throw options.invalid("url", "must be a ws:// or wss:// URL or an array of them, got "
                    + Js.describe(options.raw(), "url"));
        }
        int length = (int) Js.number(given, "length");
        if (length == 0) {
            throw options.invalid("url", "must hold at least one hub URL, got an empty array");
        }
        List<String> urls = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            String key = String.valueOf(i);
            if (!"string".equals(Js.typeOf(given, key))) {
                throw options.invalid("url[" + i + "]", "must be a string, got " + Js.describe(given, key));
            }
            urls.add(hubUrl(options, "url[" + i + "]", Js.string(given, key)));
        }
        return urls;
    }

    private static String hubUrl(Options options, String key, String url) throws Options.BadOption {
        if (!HubRotation.isWebSocketUrl(url)) {
            throw options.invalid(key, "must start with ws:// or wss://, got string \"" + url + "\"");
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
