package dev.entangle.core.sync;

import dev.entangle.core.json.Json;
import dev.entangle.core.patch.JsonPatch;
import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.patch.PatchException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Patches grouped by state atom. The synchronised state is a set of atoms, one per entity
 * type ({@code todo}, {@code card}), each an object of entities by id; each atom's operations apply
 * to that atom's own document, so atoms change and filter independently.
 */
public record AtomPatches(Map<String, List<Operation>> byAtom) {

    public static final AtomPatches NONE = new AtomPatches(Map.of());

    public AtomPatches {
        byAtom = Collections.unmodifiableMap(new LinkedHashMap<>(byAtom));
    }

    public boolean isEmpty() {
        for (List<Operation> ops : byAtom.values()) {
            if (!ops.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** How many operations in all. */
    public int size() {
        int size = 0;
        for (List<Operation> ops : byAtom.values()) {
            size += ops.size();
        }
        return size;
    }

    /** These patches followed by {@code later}'s, atom by atom. */
    public AtomPatches then(AtomPatches later) {
        Map<String, List<Operation>> out = new LinkedHashMap<>();
        byAtom.forEach((atom, ops) -> out.put(atom, new ArrayList<>(ops)));
        later.byAtom.forEach((atom, ops) -> out.computeIfAbsent(atom, a -> new ArrayList<>()).addAll(ops));
        return new AtomPatches(out);
    }

    /** Only the atoms in {@code types} (all of them when {@code types} is null). */
    public AtomPatches only(List<String> types) {
        if (types == null) {
            return this;
        }
        Map<String, List<Operation>> out = new LinkedHashMap<>();
        byAtom.forEach((atom, ops) -> {
            if (types.contains(atom)) {
                out.put(atom, ops);
            }
        });
        return new AtomPatches(out);
    }

    /** {@code {"todo": [ops...], ...}} as a JSON tree. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        byAtom.forEach((atom, ops) -> out.put(atom, JsonPatch.toJson(ops)));
        return out;
    }

    /** Reads {@link #toJson}'s shape; anything else is a {@link PatchException}. */
    public static AtomPatches parse(Object json) throws PatchException {
        if (!(json instanceof Map<?, ?> map)) {
            throw new PatchException("patches must be an object of patches by entity type");
        }
        Map<String, List<Operation>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(Json.key(e.getKey()), JsonPatch.parse(e.getValue()));
        }
        return new AtomPatches(out);
    }
}
