package dev.entangle.web.devtools;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** What {@code Entangle.devtools()} gives a page: {@code handle.close()} removes the panel. */
public interface DevtoolsHandle extends JSObject {

    void close();

    /** False once the panel was closed (by {@code close()} or its own close button). */
    @JSProperty
    boolean isOpen();
}
