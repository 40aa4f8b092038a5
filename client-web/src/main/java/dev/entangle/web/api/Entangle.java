package dev.entangle.web.api;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.Mutators;
import dev.entangle.web.devtools.Devtools;
import dev.entangle.web.devtools.DevtoolsHandle;
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
     * hub refuses the join. {@code signal} (an AbortSignal) cancels it and, later, closes the
     * client; {@code debug: true} logs the client's traffic to the console.
     */
    @JSExport
    public static JSPromise<Client> connect(JSObject rawOptions) {
        Devtools.openIfAsked(); // here, not in the client: the lite entry, which has no panel, shares the client
        return Connect.connect(rawOptions, PageMultiplayer::read);
    }

    /**
     * Opens a replica of the room's synchronised state (named operations, typed collections);
     * resolves once the local store is read, before the hub is reached, so an app opened offline
     * shows its data. Options: {@code url} (one hub, or an array of a cluster's nodes), {@code room}, {@code clientId}, {@code token},
     * {@code mutators} ({@code {name: (tx, args) => ...}}), {@code types}, {@code transport}
     * ({@code 'auto'}, {@code 'websocket'} or {@code 'http'}), {@code persist}, {@code store},
     * {@code conflict} ({@code 'server-wins'} or {@code 'last-writer-wins'}), and {@code debounceMs},
     * {@code maxBatch}, {@code maxRetries}, {@code retryBaseMs} for the flush engine.
     */
    @JSExport
    public static JSPromise<SyncClient> sync(JSObject rawOptions) {
        Devtools.openIfAsked();
        try {
            Options options = Options.ofOptional("Entangle.sync", rawOptions);
            java.util.List<String> urls = Connect.hubUrls(options);
            String room = Connect.checkedId(options, "room", options.optionalString("room", "default"));
            String clientId = Connect.checkedId(options, "clientId", options.optionalString("clientId", "sync-" + Js.randomId()));
            String store = Connect.checkedId(options, "store", options.optionalString("store", "default"));
            java.util.List<String> types = options.optionalStrings("types");
            if (types != null) {
                for (String type : types) {
                    Connect.checkedId(options, "types", type);
                }
            }
            String transport = options.choice("transport", "auto", "auto", "websocket", "http");
            ConflictResolutionStrategy strategy = options.choice("conflict", "server-wins", "server-wins",
                    "last-writer-wins").equals("server-wins") ? ConflictResolutionStrategy.SERVER_WINS_REBASE
                            : ConflictResolutionStrategy.LAST_WRITER_WINS_PER_PATH;
            FlushEngine.Settings defaults = FlushEngine.Settings.DEFAULTS;
            FlushEngine.Settings flush = new FlushEngine.Settings(
                    options.optionalInt("debounceMs", (int) defaults.debounceMs(), 0, 60_000),
                    options.optionalInt("maxBatch", defaults.maxBatch(), 1, 100),
                    options.optionalInt("maxRetries", defaults.maxRetries(), 0, 100),
                    options.optionalInt("retryBaseMs", (int) defaults.retryBaseMs(), 1, 60_000));
            Mutators mutators = Mutators.withEntityOperations();
            if (!"undefined".equals(options.typeOf("mutators"))) {
                if (!"object".equals(options.typeOf("mutators"))) {
                    throw options.invalid("mutators", "must be an object of functions by name");
                }
                JSObject given = Js.get(options.raw(), "mutators");
                for (String name : Identifiers.split(SyncJs.keys(given), '\u0000')) {
                    if (name.isEmpty()) {
                        continue;
                    }
                    if (!"function".equals(Js.typeOf(given, name))) {
                        throw options.invalid("mutators", "'" + name + "' must be a function");
                    }
                    if (Mutators.problemWithName(name) != null) {
                        throw options.invalid("mutators", "'" + name + "': " + Mutators.problemWithName(name));
                    }
                    mutators.register(name, new JsMutator(Js.get(given, name)));
                }
            }
            return BrowserSyncClient.start(new BrowserSyncClient.Settings(urls, clientId, room, Connect.token(options, options.raw()),
                    types, transport, options.optionalBoolean("persist", true), store, strategy, flush, mutators,
                    options.optionalBoolean("debug", false), Abort.of(options)));
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
    }

    /**
     * Shows everyone's pointer over {@code container} and sends this page's: {@code options.client}
     * (a connected client, required), {@code area} (the name other pages use for the same
     * container; by default its id), {@code throttleMs} (50: at most 20 a second). Returns
     * {@code {area, stop()}}.
     */
    @JSExport
    public static CursorsHandle cursors(JSObject container, JSObject options) {
        if (!"object".equals(Js.typeOf(options)) || !"object".equals(Js.typeOf(options, "client"))) {
            Js.throwTypeError("Entangle.cursors: options.client must be a client from Entangle.connect");
            return null;
        }
        return cursorsOf(Js.get(options, "client"), container, options);
    }

    @org.teavm.jso.JSBody(params = {"client", "container", "options"}, script = "if (typeof client.cursors !== 'function')"
            + " throw new TypeError('Entangle.cursors: options.client must be a client from Entangle.connect');"
            + " return client.cursors(container, options);")
    private static native CursorsHandle cursorsOf(JSObject client, JSObject container, JSObject options);

    /**
     * Registers a named transform for the {@code transform} option: {@code forward} maps the shared
     * value to what this page shows, {@code inverse} maps it back. Register it on every page that
     * binds with it.
     */
    @JSExport
    public static void registerTransform(JSObject name, JSObject forward, JSObject inverse) {
        Transforms.registerChecked(name, forward, inverse);
    }

    /**
     * Opens the devtools panel over the page (connections, bindings, peers, pending work, text
     * documents and the flow of changes with their latency) and returns its handle; a second call
     * while it is open returns the same handle. The panel is a file of its own,
     * {@code entangle-devtools.mjs}, loaded now from beside this build's file, or from
     * {@code options.url}; the handle works at once, {@code handle.ready} says when the panel is
     * on the page. {@code ?entangle-devtools} in the page's address opens it as the first client starts.
     */
    @JSExport
    public static DevtoolsHandle devtools(JSObject rawOptions) {
        String url = null;
        try {
            url = Options.ofOptional("Entangle.devtools", rawOptions).optionalUrl("url");
        } catch (Options.BadOption e) {
            Js.throwTypeError(e.getMessage());
        }
        return Devtools.open(url);
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
