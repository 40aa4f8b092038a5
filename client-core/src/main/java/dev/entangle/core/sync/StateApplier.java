package dev.entangle.core.sync;

import dev.entangle.core.patch.PatchException;
import java.util.Collection;

/**
 * Where the application state lives, as the {@link OptimisticSyncCoordinator} sees it: patches go
 * in, inverses come out. Applying is all-or-nothing over every atom; on failure nothing changed.
 */
public interface StateApplier {

    /** Applies {@code patches}; returns the patches that undo them, to apply as they are. */
    AtomPatches apply(AtomPatches patches) throws PatchException;

    /** The entity types the state holds (a full delta clears those it does not bring). */
    Collection<String> types();
}
