package dev.entangle.web.dom;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** One entry of a MutationObserver batch. */
public interface MutationRecord extends JSObject {
    /** {@code 'attributes'}, {@code 'characterData'} or {@code 'childList'}. */
    @JSProperty
    String getType();

    @JSProperty
    String getAttributeName();

    @JSProperty
    String getOldValue();

    /** The node that changed: the bound element, or (in a child-list binding) one below it. */
    @JSProperty
    JSObject getTarget();
}
