package dev.entangle.core.sync;

import dev.entangle.core.json.Json;
import dev.entangle.core.patch.JsonPatch;
import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.patch.JsonPointer;
import dev.entangle.core.patch.PatchException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synchronised state: atoms by entity type, each an object of entities by id. The same class
 * holds a client's local state and a hub room's authoritative one. Patches are applied in place
 * (the state can be large and patches small), all-or-nothing across atoms.
 */
public final class SyncDocument implements StateApplier {
    private final Map<String, Map<String, Object>> atoms = new LinkedHashMap<>();

    @Override
    public AtomPatches apply(AtomPatches patches) throws PatchException {
        Map<String, List<Operation>> inverse = new LinkedHashMap<>();
        List<String> done = new ArrayList<>();
        try {
            for (Map.Entry<String, List<Operation>> e : patches.byAtom().entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                inverse.put(e.getKey(), applyToAtom(e.getKey(), e.getValue()));
                done.add(e.getKey());
            }
        } catch (PatchException failed) {
            for (int i = done.size() - 1; i >= 0; i--) {
                String atom = done.get(i); // typed: a lookup by an untyped list element costs the browser bundle
                applyToAtom(atom, inverse.get(atom));
            }
            throw failed;
        }
        return new AtomPatches(inverse);
    }

    private List<Operation> applyToAtom(String type, List<Operation> ops) throws PatchException {
        Map<String, Object> atom = atoms.get(type);
        boolean created = atom == null;
        if (created) {
            atom = new LinkedHashMap<>();
        }
        JsonPatch.Applied applied = JsonPatch.applyInPlace(atom, ops);
        if (!(applied.document() instanceof Map<?, ?> result)) {
            JsonPatch.applyInPlace(applied.document(), applied.inverse());
            throw new PatchException("the state of '" + type + "' must stay an object of entities by id");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> entities = (Map<String, Object>) result;
        if (entities.isEmpty()) {
            atoms.remove(type);
        } else {
            atoms.put(type, entities);
        }
        return applied.inverse();
    }

    /** The entity, as the state holds it (do not change it), or null. */
    public Object get(String type, String id) {
        Map<String, Object> atom = atoms.get(type);
        return atom == null ? null : atom.get(id);
    }

    /** The entities of {@code type} by id, in the order they were added (do not change them). */
    public Map<String, Object> entities(String type) {
        Map<String, Object> atom = atoms.get(type);
        return atom == null ? Map.of() : Collections.unmodifiableMap(atom);
    }

    @Override
    public Set<String> types() {
        return Collections.unmodifiableSet(atoms.keySet());
    }

    public int entityCount() {
        int count = 0;
        for (Map<String, Object> atom : atoms.values()) {
            count += atom.size();
        }
        return count;
    }

    /** The whole state as a JSON tree (a copy). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        atoms.forEach((type, atom) -> out.put(type, JsonPatch.copy(atom)));
        return out;
    }

    /**
     * The patches that turn this state into {@code json} (a state as {@link #toJson} writes it),
     * atom by atom: each atom is put in place whole, and atoms it lacks are emptied.
     */
    public AtomPatches replacementBy(Map<?, ?> json) throws PatchException {
        Map<String, List<Operation>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : json.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?>)) {
                throw new PatchException("the state of '" + Json.key(e.getKey()) + "' must be an object of entities by id");
            }
            out.put(Json.key(e.getKey()), List.of(Operation.add(JsonPointer.ROOT,
                    e.getValue())));
        }
        for (String type : atoms.keySet()) {
            if (!json.containsKey(type)) {
                out.put(type, List.of(Operation.add(JsonPointer.ROOT, new LinkedHashMap<>())));
            }
        }
        return new AtomPatches(out);
    }
}
