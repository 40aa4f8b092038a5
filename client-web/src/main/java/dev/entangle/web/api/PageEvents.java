package dev.entangle.web.api;

import dev.entangle.core.json.Names;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSString;

/**
 * What a client tells the page through {@code client.on(event, listener)}: the listeners by event
 * name, and the client's status, announced as the {@code status} event when it changes. Both page
 * clients ({@code connect} and {@code sync}) keep theirs here.
 */
final class PageEvents {

    /** A page's listener, kept in a typed field: a JS function in a generic collection breaks on Wasm. */
    private static final class Listener {
        final String event;
        final JSObject function;

        Listener(String event, JSObject function) {
            this.event = event;
            this.function = function;
        }
    }

    private final List<String> names;
    private final List<Listener> listeners = new ArrayList<>();
    private String status;

    /** {@code names}: the events a page may listen to, {@code status} among them. */
    PageEvents(String status, String... names) {
        this.status = status;
        this.names = List.of(names);
    }

    /** {@code client.on}: refuses (TypeError) an event not among the names, or a listener that is no function. */
    Unsubscribe on(JSObject event, JSObject listener) {
        String name = "string".equals(Js.typeOf(event)) ? ((JSString) event).stringValue() : "";
        if (!Names.listed(names, name)) {
            Js.throwTypeError("client.on: event must be " + described() + ", got " + Js.describe(event));
            return null;
        }
        if (!"function".equals(Js.typeOf(listener))) {
            Js.throwTypeError("client.on: listener must be a function, got " + Js.describe(listener));
            return null;
        }
        Listener entry = new Listener(name, listener);
        listeners.add(entry);
        return () -> listeners.remove(entry);
    }

    /** Calls every listener of {@code event} with {@code detail}; returns whether any heard it. */
    boolean emit(String event, JSObject detail) {
        boolean heard = false;
        for (Listener listener : List.copyOf(listeners)) {
            if (listener.event.equals(event)) {
                heard = true;
                Js.call(listener.function, detail);
            }
        }
        return heard;
    }

    String status() {
        return status;
    }

    /** Moves to status {@code next}, telling the page when it is a change. */
    void setStatus(String next) {
        if (!next.equals(status)) {
            status = next;
            emit("status", Js.string(next));
        }
    }

    /** 'a', 'b' or 'c'. */
    private String described() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : i == names.size() - 1 ? " or " : ", ").append('\'').append(names.get(i)).append('\'');
        }
        return out.toString();
    }
}
