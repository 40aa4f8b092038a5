package dev.entangle.web.api;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** A text field bound to a shared document, as the page sees it. */
public interface TextBinding extends JSObject {

    @JSProperty
    String getDoc();

    @JSProperty
    boolean isActive();

    /** Undoes my last edit (not my colleagues'), as Ctrl+Z in the field does. */
    void undo();

    void redo();

    /** Stops following the document; the field keeps its text. */
    void close();
}
