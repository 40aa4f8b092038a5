package dev.entangle.web.devtools;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;

/**
 * What passes between a page's client and the devtools panel, which is a bundle of its own
 * ({@code entangle-devtools.mjs}, loaded when the panel opens): plain JavaScript objects and
 * functions only, since the two bundles, and the Wasm build's module, share no Java object.
 */
public final class Bridge {
    private Bridge() {
    }

    /** The client's side, handed to the panel as it opens. */
    public interface Page extends JSObject {
        /** The page's clients now; later ones come through {@link Panel#attach}. */
        JSArray<Client> clients();

        /** The panel closed itself (its own button): the page may open a new one. */
        void closed();
    }

    /** One client of the page as the panel sees it. */
    public interface Client extends JSObject {
        /** Unique in the page: the panel tells clients apart by it, not by object identity. */
        int id();

        /** The name this client goes by in the flow of changes. */
        String label();

        /** What the client holds now: connection, bindings, peers, pending work, as text tables. */
        JSArray<Block> describe();

        /** Shows every frame in and out to {@code listener}; null stops. */
        void tap(FrameListener listener);
    }

    /** One frame as the client sent ({@code outgoing}) or received it. */
    @JSFunctor
    public interface FrameListener extends JSObject {
        void frame(boolean outgoing, String frame);
    }

    /** A client's block of tables. */
    public interface Block extends JSObject {
        @JSProperty
        String getTitle();

        @JSProperty
        JSArray<Table> getTables();
    }

    /** A table: a title, its column names, its rows of cells (as many as columns). */
    public interface Table extends JSObject {
        @JSProperty
        String getTitle();

        @JSProperty
        JSArray<JSString> getColumns();

        @JSProperty
        JSArray<JSArray<JSString>> getRows();

        /** The outbox state, for the "Pending outbox" table, whose rows the panel reads from it; else undefined. */
        @JSProperty
        JSObject getOutbox();
    }

    /** The devtools bundle's side: the open panel. */
    public interface Panel extends JSObject {
        void attach(Client client);

        void detach(Client client);

        void close();
    }
}
