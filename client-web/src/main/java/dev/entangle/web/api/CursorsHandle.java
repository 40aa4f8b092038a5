package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** What {@code Entangle.cursors(container, options)} returns. */
public interface CursorsHandle extends JSObject {

    @JSProperty
    String getArea();

    /** Stops sending this pointer and removes the others' from the container. */
    void stop();
}
