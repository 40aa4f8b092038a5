package dev.entangle.web.devtools;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/** What {@code Entangle.devtools()} gives a page: {@code handle.close()} removes the panel. */
public interface DevtoolsHandle extends JSObject {

    void close();

    /** False once the panel was closed (by {@code close()} or its own close button), or could not be loaded. */
    @JSProperty
    boolean isOpen();

    /** Resolves once the panel is on the page; rejects when its bundle cannot be loaded. */
    @JSProperty
    JSPromise<JSObject> getReady();
}
