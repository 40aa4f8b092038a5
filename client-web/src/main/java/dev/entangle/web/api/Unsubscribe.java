package dev.entangle.web.api;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/** The function {@code client.on(...)} returns. */
@JSFunctor
public interface Unsubscribe extends JSObject {
    void call();
}
