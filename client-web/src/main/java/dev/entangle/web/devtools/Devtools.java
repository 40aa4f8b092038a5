package dev.entangle.web.devtools;

import java.util.ArrayList;
import java.util.List;
import org.teavm.classlib.PlatformDetector;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSPromise;

/**
 * The page's devtools: every live client registers here, and {@code Entangle.devtools()} loads
 * the panel, a bundle of its own ({@code entangle-devtools.mjs}, beside the client's file), and
 * shows them all in it. While it is closed this holds a list of clients and nothing else: no
 * DOM node, no timer, no observer, no panel code, and no client's transport is tapped.
 *
 * <p>State is static because it belongs to the page, not to a client: the panel must find every
 * client the page made, through whichever build's {@code Entangle} made it.
 */
public final class Devtools {
    private static final List<Inspectable> CLIENTS = new ArrayList<>();
    /**
     * Typed as an interface, not as the final class Opening: TeaVM links a call on a final class
     * whether or not one is ever made, so the lite entry, which never opens a panel, would carry
     * what describes a client to it for {@code register}'s sake.
     */
    private static Shown panel;
    /** Views made so far: each gets the next number as its id. */
    private static int viewsMade;

    /** What a client's start and close tell the open (or loading) panel. */
    interface Shown {
        void attach(Inspectable client);

        void detach(Inspectable client);
    }

    private Devtools() {
    }

    /** A client started: shown from now on (at once if the panel is open). */
    public static void register(Inspectable client) {
        CLIENTS.add(client);
        if (panel != null) {
            panel.attach(client);
        }
    }

    /** A client closed for good: no longer shown, no longer tapped. */
    public static void unregister(Inspectable client) {
        if (CLIENTS.remove(client) && panel != null) {
            panel.detach(client);
        }
    }

    /**
     * Opens the panel, loading it from {@code url} (null: beside this build's own file), or hands
     * out the one already open.
     */
    public static DevtoolsHandle open(String url) {
        if (!hasDocument()) {
            throw new IllegalStateException("Entangle.devtools: there is no page here (no document) to show a panel in");
        }
        Opening open = (Opening) panel;
        if (open == null) {
            String from = url != null ? url : besideThisBuild();
            if (from == null) {
                throw new IllegalStateException("Entangle.devtools: where entangle-devtools.mjs is cannot be told"
                        + " from this build; pass { url }");
            }
            open = new Opening(from);
            panel = open;
        }
        return open;
    }

    /** Opens the panel when the page's address asks for it ({@code ?entangle-devtools}); called as a client starts. */
    public static void openIfAsked() {
        if (panel == null && askedInAddress() && besideThisBuild() != null) {
            open(null);
        }
    }

    private static void closed(Opening which) {
        if (panel == which) {
            panel = null;
        }
    }

    /**
     * The panel while it loads and once it is open: its handle for the page, the page's side of
     * the bridge for the panel.
     */
    private static final class Opening implements Shown, Bridge.Page, DevtoolsHandle {
        private final List<View> views = new ArrayList<>();
        private final JSPromise<JSObject> ready;
        /** Null until the panel's bundle has loaded. */
        private Bridge.Panel shown;
        private boolean open = true;

        Opening(String url) {
            for (Inspectable client : CLIENTS) {
                views.add(new View(client));
            }
            ready = new JSPromise<>((resolve, reject) -> {
                Settled loaded = bundle -> {
                    if (open) {
                        shown = bundle.<Bundle>cast().open(this);
                    }
                    resolve.accept(null);
                };
                Settled failed = error -> {
                    close();
                    String message = "Entangle.devtools: could not load the panel from " + url + " ("
                            + describe(error) + "); serve entangle-devtools.mjs beside the client's file, or pass { url }";
                    reject.accept(loggedError(message));
                };
                // The Wasm module's scripts are evaluated apart, where no bundler sees them; the
                // JavaScript build's import is its wrapper's, which tells bundlers to leave it alone.
                if (PlatformDetector.isWebAssemblyGC()) {
                    importInWasm(url, loaded, failed);
                } else {
                    importBesideThisBuild(url, loaded, failed);
                }
            });
            handled(ready);
        }

        @Override
        public void attach(Inspectable client) {
            View view = new View(client);
            views.add(view);
            if (shown != null) {
                shown.attach(view);
            }
        }

        @Override
        public void detach(Inspectable client) {
            for (View view : views) {
                if (view.of == client) {
                    views.remove(view);
                    if (shown != null) {
                        shown.detach(view);
                    }
                    return;
                }
            }
        }

        @Override
        public JSArray<Bridge.Client> clients() {
            JSArray<Bridge.Client> out = JSArray.create();
            for (View view : views) {
                out.push(view);
            }
            return out;
        }

        @Override
        public void closed() {
            open = false;
            Devtools.closed(this);
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            closed();
            if (shown != null) {
                shown.close();
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public JSPromise<JSObject> getReady() {
            return ready;
        }
    }

    /** One client as the panel sees it. */
    private static final class View implements Bridge.Client {
        final Inspectable of;
        private final int id = ++viewsMade;

        View(Inspectable of) {
            this.of = of;
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public String label() {
            return of.label();
        }

        @Override
        public JSArray<Bridge.Block> describe() {
            Report report = new Report();
            try {
                of.describe(report);
            } catch (RuntimeException e) {
                report = new Report().client(of.label()).table("Error", "message").row(String.valueOf(e.getMessage()));
            }
            return report.blocks();
        }

        @Override
        public void tap(Bridge.FrameListener listener) {
            // A lambda, not listener::frame: a method reference on a JavaScript object makes TeaVM
            // bring its wrapper of JavaScript values in Java references, about 0.5 KB.
            of.tap(listener == null ? null : (outgoing, frame) -> listener.frame(outgoing, frame));
        }
    }

    /** The panel's bundle: its module's export. */
    interface Bundle extends JSObject {
        Bridge.Panel open(Bridge.Page page);
    }

    /**
     * What the import calls with its result. Not a {@code JSConsumer<Bundle>}: a generic functor's
     * argument reaches Java as an {@code Object}, which makes TeaVM bring its wrapper of
     * JavaScript values in Java references.
     */
    @JSFunctor
    interface Settled extends JSObject {
        void settled(JSObject value);
    }

    /** Through {@code __entangleImport}, which the JavaScript build's wrapper defines (src/main/js/devtools-import.js). */
    @JSBody(params = {"url", "loaded", "failed"}, script = "__entangleImport(url)"
            + ".then(function (m) { loaded(m.EntangleDevtools); }).catch(failed);")
    private static native void importBesideThisBuild(String url, Settled loaded, Settled failed);

    @JSBody(params = {"url", "loaded", "failed"}, script = "import(url).then(function (m) { loaded(m.EntangleDevtools); })"
            + ".catch(failed);")
    private static native void importInWasm(String url, Settled loaded, Settled failed);

    /**
     * Where the build that runs this put {@code entangle-devtools.mjs}: the build's wrapper defines
     * {@code __entangleDevtoolsUrl} beside its own file (with {@code import.meta.url}, or the script's
     * address); the Wasm build passes it as {@code url} instead.
     */
    @JSBody(script = "return typeof __entangleDevtoolsUrl === 'string' ? __entangleDevtoolsUrl : null;")
    private static native String besideThisBuild();

    @JSBody(params = "error", script = "return String(error && error.message || error);")
    private static native String describe(JSObject error);

    /** An Error of {@code message}, written to the console too: nobody may be listening to {@code ready}. */
    @JSBody(params = "message", script = "console.error(message); return new Error(message);")
    private static native JSObject loggedError(String message);

    /** Nobody has to listen to {@code ready}: its failure is logged already. */
    @JSBody(params = "promise", script = "promise.catch(function () {});")
    private static native void handled(JSPromise<JSObject> promise);

    @JSBody(script = "return typeof document !== 'undefined' && !!document.documentElement;")
    private static native boolean hasDocument();

    /** {@code entangle-devtools} as a key of the query string, with or without a value. */
    @JSBody(script = "try { return typeof location !== 'undefined' && typeof document !== 'undefined'"
            + " && new URLSearchParams(location.search).has('entangle-devtools'); } catch (e) { return false; }")
    private static native boolean askedInAddress();
}
