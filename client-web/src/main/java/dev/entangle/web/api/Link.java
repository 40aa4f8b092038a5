package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** One entangled element, as the page sees it. */
public interface Link extends JSObject {

    @JSProperty
    String getSelector();

    @JSProperty
    String getTo();

    @JSProperty
    String getMode();

    /** The ownership token, for a binding made with {@code ownership: true} (or one another client owns); else null. */
    @JSProperty
    Ownership getOwnership();

    /** False once disentangled or the client closed. */
    @JSProperty
    boolean isActive();

    void disentangle();
}
