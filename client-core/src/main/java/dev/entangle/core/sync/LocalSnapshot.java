package dev.entangle.core.sync;

import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.patch.PatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a replica keeps locally, so a reopened app shows its data and its unsent operations
 * and carries on: its id, the server version its state is built on, the state with the pending
 * mutations applied, and those mutations with their patches. Written as one JSON record (the
 * browser's IndexedDB, or a backup file).
 */
public record LocalSnapshot(String replicaId, long serverSeq, long nextClientSeq, Map<String, Object> state,
        List<PendingMutation> pending) {

    public static final int FORMAT = 1;

    public Map<String, Object> toJson() {
        List<Object> mutations = new ArrayList<>();
        for (PendingMutation p : pending) {
            mutations.add(JsonObject.builder()
                    .put("clientSeq", p.clientSeq())
                    .put("name", p.info().name())
                    .put("args", p.info().args())
                    .put("timestamp", p.info().timestamp())
                    .put("forward", p.forward().toJson())
                    .put("inverse", p.inverse().toJson())
                    .put("confirmed", p.confirmed())
                    .build());
        }
        return JsonObject.builder()
                .put("format", (long) FORMAT)
                .put("replicaId", replicaId)
                .put("serverSeq", serverSeq)
                .put("nextClientSeq", nextClientSeq)
                .put("state", state)
                .put("pending", mutations)
                .build();
    }

    /** Reads {@link #toJson}'s shape; anything else is an {@link IllegalArgumentException} saying what is wrong. */
    public static LocalSnapshot fromJson(Object json) {
        try {
            JsonObject in = JsonObject.from(json);
            if (in.longValue("format") != FORMAT) {
                throw new IllegalArgumentException("a local store of format " + in.longValue("format") + ", expected "
                        + FORMAT);
            }
            List<PendingMutation> pending = new ArrayList<>();
            for (Object raw : in.array("pending")) {
                JsonObject p = JsonObject.from(raw);
                pending.add(new PendingMutation(p.longValue("clientSeq"),
                        new MutationInfo(p.string("name"), p.asMap().get("args"), p.longValue("timestamp")),
                        AtomPatches.parse(p.object("forward").asMap()), AtomPatches.parse(p.object("inverse").asMap()),
                        Boolean.TRUE.equals(p.asMap().get("confirmed"))));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) in.object("state").asMap();
            return new LocalSnapshot(in.string("replicaId"), in.longValue("serverSeq"), in.longValue("nextClientSeq"),
                    state, pending);
        } catch (JsonException | PatchException e) {
            throw new IllegalArgumentException("not a local store of Entangle: " + e.getMessage(), e);
        }
    }
}
