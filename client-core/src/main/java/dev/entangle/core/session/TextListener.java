package dev.entangle.core.session;

import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;

/** What a session tells the text field behind one document. Implemented by the platform. */
public interface TextListener {

    /**
     * The whole text: on the first open, after the hub refused an edit as invalid, or when an
     * outbox saved by an older version (without the hub's text its edits were based on) meets a
     * hub that answers with the whole text. Every other whole text from the hub comes as a
     * {@link #remote} edit, with the local edits not yet committed kept on top of it.
     */
    void reset(String text);

    /** A remote edit, transformed past the local ones: apply it to the local text. */
    void remote(TextOperation operation);

    /** A peer's caret ({@code head}) and selection, in code points of the local text. */
    void cursor(String source, int anchor, int head);

    /** The local selection, in code points of the local text, as {@code [anchor, head]}; null when unknown. */
    int[] selection();

    /** The local text as the field shows it now (with the edits not yet committed), for the outbox. */
    String text();

    /** The hub refused the document or an edit. */
    void refused(ErrorCode code, String message);
}
