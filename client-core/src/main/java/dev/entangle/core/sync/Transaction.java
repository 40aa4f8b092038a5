package dev.entangle.core.sync;

import dev.entangle.core.json.Json;
import dev.entangle.core.patch.JsonPatch;
import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.patch.JsonPointer;
import dev.entangle.core.patch.PatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Mutator} sees: reads of the state and writes that apply at once and are recorded
 * as JSON Patches, with their inverses, per atom. {@link #commit} hands back the patches;
 * {@link #rollback} undoes every write (a refused or failed mutator leaves no trace).
 */
public final class Transaction {
    /** Entity types and ids are short names, so paths stay readable and state bounded. */
    public static final int MAX_NAME_LENGTH = 128;

    private final SyncDocument state;
    private final Map<String, List<Operation>> forward = new LinkedHashMap<>();
    private final Map<String, List<Operation>> inverse = new LinkedHashMap<>();

    public Transaction(SyncDocument state) {
        this.state = state;
    }

    /** A copy of the entity, or null when there is none. */
    public Object get(String type, String id) {
        return JsonPatch.copy(state.get(type, id));
    }

    /** Copies of the entities of {@code type}, by id, in the order they were added. */
    public Map<String, Object> list(String type) {
        Map<String, Object> out = new LinkedHashMap<>();
        state.entities(type).forEach((id, entity) -> out.put(id, JsonPatch.copy(entity)));
        return out;
    }

    /** Creates or replaces the entity. */
    public void put(String type, String id, Object entity) throws MutationRefused {
        checkName("type", type);
        checkName("id", id);
        if (!(entity instanceof Map<?, ?>)) {
            throw new MutationRefused("invalid_field", "an entity must be an object, got " + describe(entity));
        }
        write(type, Operation.add(JsonPointer.ROOT.child(id), entity));
    }

    /** Deletes the entity; returns false when there was none. */
    public boolean delete(String type, String id) throws MutationRefused {
        if (state.get(type, id) == null) {
            return false;
        }
        write(type, Operation.remove(JsonPointer.ROOT.child(id)));
        return true;
    }

    /** Refuses the operation with {@code reason}: nothing written stays. */
    public void refuse(String reason) throws MutationRefused {
        throw new MutationRefused(reason);
    }

    private void write(String type, Operation op) throws MutationRefused {
        try {
            AtomPatches undo = state.apply(new AtomPatches(Map.of(type, List.of(op))));
            forward.computeIfAbsent(type, t -> new ArrayList<>()).add(op);
            inverse.computeIfAbsent(type, t -> new ArrayList<>()).addAll(0, undo.byAtom().get(type));
        } catch (PatchException e) {
            throw new MutationRefused("invalid_operation", e.getMessage());
        }
    }

    /** The writes, as patches, and their inverses (undo last-first, per atom). */
    public AppliedPatches commit() {
        return new AppliedPatches(new AtomPatches(forward), new AtomPatches(inverse));
    }

    /** Undoes every write so far. */
    public void rollback() {
        try {
            state.apply(new AtomPatches(inverse));
        } catch (PatchException e) {
            throw new IllegalStateException("undoing a transaction's own writes failed", e);
        }
        forward.clear();
        inverse.clear();
    }

    /**
     * Runs {@code mutator} on {@code state}: its writes on success, none on refusal (then it throws).
     * A mutator that fails in another way is a refusal too, with code {@code internal}.
     */
    public static AppliedPatches run(SyncDocument state, Mutator mutator, Object args) throws MutationRefused {
        Transaction tx = new Transaction(state);
        try {
            mutator.run(tx, args);
            return tx.commit();
        } catch (MutationRefused e) {
            tx.rollback();
            throw e;
        } catch (RuntimeException e) {
            tx.rollback();
            throw new MutationRefused("internal", "the mutator failed: " + e);
        }
    }

    private static void checkName(String what, String name) throws MutationRefused {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new MutationRefused("invalid_field", "an entity " + what + " must be 1 to " + MAX_NAME_LENGTH
                    + " characters, got " + (name == null ? "none" : name.length()));
        }
    }

    private static String describe(Object value) {
        return value instanceof List<?> ? "an array" : Json.typeName(value);
    }
}
