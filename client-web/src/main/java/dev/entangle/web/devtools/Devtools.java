package dev.entangle.web.devtools;

import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSBody;

/**
 * The page's devtools: every live client registers here, and {@code Entangle.devtools()} opens
 * one panel over the page showing them all. While it is closed this holds a list of clients and
 * nothing else: no DOM node, no timer, no observer, and no client's transport is tapped.
 *
 * <p>State is static because it belongs to the page, not to a client: the panel must find every
 * client the page made, through whichever build's {@code Entangle} made it.
 */
public final class Devtools {
    private static final List<Inspectable> CLIENTS = new ArrayList<>();
    /**
     * Typed as an interface, not as the final class Panel: TeaVM links a call on a final class
     * whether or not one is ever made, so the lite entry, which never opens a panel, carried the
     * panel's flow of frames (1.8 KB gzip) for {@code register}'s sake.
     */
    private static Shown panel;

    /** What a client's start and close tell the open panel. */
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

    /** Opens the panel, or hands out the one already open. */
    public static DevtoolsHandle open() {
        if (!hasDocument()) {
            throw new IllegalStateException("Entangle.devtools: there is no page here (no document) to show a panel in");
        }
        Panel open = (Panel) panel;
        if (open == null) {
            open = new Panel(CLIENTS, Devtools::closed);
            panel = open;
        }
        return new Handle(open);
    }

    /** Opens the panel when the page's address asks for it ({@code ?entangle-devtools}); called as a client starts. */
    public static void openIfAsked() {
        if (panel == null && askedInAddress()) {
            open();
        }
    }

    private static void closed(Panel which) {
        if (panel == which) {
            panel = null;
        }
    }

    @JSBody(script = "return typeof document !== 'undefined' && !!document.documentElement;")
    private static native boolean hasDocument();

    /** {@code entangle-devtools} as a key of the query string, with or without a value. */
    @JSBody(script = "try { return typeof location !== 'undefined' && typeof document !== 'undefined'"
            + " && new URLSearchParams(location.search).has('entangle-devtools'); } catch (e) { return false; }")
    private static native boolean askedInAddress();

    /** A handle of one panel: closing it twice, or after the panel's own button closed it, does nothing. */
    private static final class Handle implements DevtoolsHandle {
        private final Panel of;

        Handle(Panel of) {
            this.of = of;
        }

        @Override
        public void close() {
            of.close();
        }

        @Override
        public boolean isOpen() {
            return of.isOpen();
        }
    }
}
