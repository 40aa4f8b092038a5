package dev.entangle.core.session;

import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.ErrorCode;

/** What a session tells the element behind one binding. Implemented by the platform (the DOM in a page). */
public interface BindingListener {

    /** Apply a remote change; it has already passed {@link dev.entangle.core.mutation.MutationSafety}. */
    void applyRemote(MutationVector vector);

    /** The hub accepted the binding and sent its current values. Called again after each reconnect. */
    void ready();

    /** The hub refused the binding. */
    void refused(ErrorCode code, String message);

    /** The binding's ownership token moved from {@code previous} to {@code owner} (either may be null: nobody). */
    default void ownershipChanged(String owner, String previous) {
    }

    /** This client holds the binding's ownership token and {@code from} asks for it. */
    default void ownershipRequested(String from) {
    }
}
