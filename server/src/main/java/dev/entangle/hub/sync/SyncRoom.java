package dev.entangle.hub.sync;

import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.patch.JsonPointer;
import dev.entangle.core.patch.PatchException;
import dev.entangle.core.sync.AppliedPatches;
import dev.entangle.core.sync.AtomPatches;
import dev.entangle.core.sync.EntityRule;
import dev.entangle.core.sync.MutationRefused;
import dev.entangle.core.sync.Mutator;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.core.sync.SyncDocument;
import dev.entangle.core.sync.SyncError;
import dev.entangle.core.sync.Transaction;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.store.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room's synchronised state, as the hub rules it: named operations run here in the order they
 * arrive, each successful one making the next version; the last operation handled of each
 * replica (so a resend is recognised and answered as before); and the recent changes, so a
 * client catching up gets a delta rather than the whole state. No I/O: the hub logs each change
 * before it confirms it, and {@link #undo}es it when the log fails. Call under the room's lock.
 */
public final class SyncRoom implements Room.Part {

    /** What running one operation came to. */
    public sealed interface Outcome permits Applied, Handled {
        OperationResult result();
    }

    /** It changed the state to a new version: log {@code change}, or {@link #undo} it. */
    public record Applied(Event.OperationApplied change, AtomPatches inverse, long previousLastClientSeq,
            OperationResult result) implements Outcome {
    }

    /** Refused, or a resend of an operation already handled: nothing changed. */
    public record Handled(OperationResult result) implements Outcome {
    }

    private record Refusal(long clientSeq, String code, String error) {
    }

    /** Refusals remembered per replica, to answer a resend (a lost answer) with the same verdict. */
    private static final int REMEMBERED_REFUSALS = 64;

    private final String room;
    private final int keepChanges;
    private final SyncDocument state = new SyncDocument();
    /** Every entity type the state ever held: a full state sent to a client empties those now gone. */
    private final Set<String> knownTypes = new LinkedHashSet<>();
    private final Map<String, Long> lastClientSeq = new HashMap<>();
    private final Map<String, ArrayDeque<Refusal>> refusals = new HashMap<>();
    private final ArrayDeque<Event.OperationApplied> recent = new ArrayDeque<>();
    private long version;

    public SyncRoom(String room, int keepChanges) {
        this.room = room;
        this.keepChanges = keepChanges;
    }

    public long version() {
        return version;
    }

    public SyncDocument state() {
        return state;
    }

    public boolean isEmpty() {
        return version == 0 && lastClientSeq.isEmpty();
    }

    /** The newest operation of {@code replicaId} the hub has handled, or 0. */
    public long lastClientSeq(String replicaId) {
        return lastClientSeq.getOrDefault(replicaId, 0L);
    }

    /** Runs {@code op} pushed by client {@code author}: applied, refused, or recognised as a resend. */
    public Outcome run(PushedOperation op, String author, SyncRules rules, long now) {
        long last = lastClientSeq(op.clientId());
        if (op.id() <= last) {
            for (Refusal r : refusals.getOrDefault(op.clientId(), new ArrayDeque<>())) {
                if (r.clientSeq() == op.id()) {
                    return new Handled(new OperationResult(op.id(), false, r.code(), r.error(), null, now));
                }
            }
            return new Handled(new OperationResult(op.id(), true, null, null, null, now));
        }
        Mutator mutator = rules.mutators().get(op.name());
        if (mutator == null) {
            return refuse(op, "unknown_mutator", "no mutator named '" + op.name() + "' on the hub", now);
        }
        AppliedPatches effect;
        try {
            effect = Transaction.run(state, mutator, op.args());
        } catch (MutationRefused e) {
            return refuse(op, e.code(), e.getMessage(), now);
        }
        SyncError problem = problemWith(effect.forward(), rules);
        if (problem != null) {
            undoEffect(effect.inverse());
            return refuse(op, problem.code(), problem.message(), now);
        }
        version++;
        knownTypes.addAll(effect.forward().byAtom().keySet());
        lastClientSeq.put(op.clientId(), op.id());
        Event.OperationApplied change = new Event.OperationApplied(room, version, op.clientId(), op.id(), author,
                effect.forward(), now);
        remember(change);
        return new Applied(change, effect.inverse(), last,
                new OperationResult(op.id(), true, null, null, version, now));
    }

    /** Takes back the newest {@link Applied} change (its log append failed). */
    public void undo(Applied applied) {
        Event.OperationApplied change = applied.change();
        if (change.version() != version) {
            throw new IllegalStateException("only the newest change can be undone: " + change.version() + " of " + version);
        }
        undoEffect(applied.inverse());
        version--;
        recent.pollLast();
        if (applied.previousLastClientSeq() == 0) {
            lastClientSeq.remove(change.replicaId());
        } else {
            lastClientSeq.put(change.replicaId(), applied.previousLastClientSeq());
        }
    }

    /** Applies a change read back from the event log at start. */
    public void replay(Event.OperationApplied change) {
        try {
            state.apply(change.patches());
        } catch (PatchException e) {
            throw new IllegalStateException("logged change " + change.version() + " of room " + room
                    + " does not fit the state before it: " + e.getMessage(), e);
        }
        version = change.version();
        knownTypes.addAll(change.patches().byAtom().keySet());
        lastClientSeq.merge(change.replicaId(), change.clientSeq(), Math::max);
        remember(change);
    }

    /**
     * What a client holding version {@code from} needs to reach the current version: the changes
     * since (only {@code types}' atoms when not null), or the whole state when those changes are
     * no longer kept, or the client claims a version this room never had.
     */
    public ServerDelta since(long from, String replicaId, Collection<String> types, long now) {
        long last = lastClientSeq(replicaId);
        if (from == version) {
            return new ServerDelta(version, version, AtomPatches.NONE, last, now, false);
        }
        Event.OperationApplied oldest = recent.peekFirst();
        if (from >= 0 && from < version && oldest != null && oldest.version() <= from + 1) {
            AtomPatches data = AtomPatches.NONE;
            for (Event.OperationApplied change : recent) {
                if (change.version() > from) {
                    data = data.then(change.patches());
                }
            }
            return new ServerDelta(version, from, filtered(data, types), last, recent.peekLast().serverTimestamp(), false);
        }
        return full(from, replicaId, types, now);
    }

    /** The whole state (only {@code types}' atoms when not null), as a full delta. */
    private ServerDelta full(long from, String replicaId, Collection<String> types, long now) {
        Map<String, List<Operation>> atoms = new LinkedHashMap<>();
        for (String type : knownTypes) {
            if (types == null || types.contains(type)) {
                Object entities = new LinkedHashMap<>(state.entities(type));
                atoms.put(type, List.of(Operation.add(JsonPointer.ROOT, entities)));
            }
        }
        return new ServerDelta(version, Math.max(0, from), new AtomPatches(atoms), lastClientSeq(replicaId), now, true);
    }

    /**
     * The state for a room snapshot, with the recent changes (a replica catching up after a restart
     * still gets a delta) and the remembered refusals (a resend after a restart gets its verdict).
     */
    public Map<String, Object> toJson() {
        Map<String, Object> seen = new LinkedHashMap<>(lastClientSeq);
        List<Object> changes = new ArrayList<>();
        for (Event.OperationApplied change : recent) {
            changes.add(change.toJson());
        }
        Map<String, Object> refused = new LinkedHashMap<>();
        refusals.forEach((replica, list) -> {
            List<Object> items = new ArrayList<>();
            for (Refusal r : list) {
                items.add(JsonObject.builder().put("clientSeq", r.clientSeq()).put("code", r.code())
                        .put("error", r.error()).build());
            }
            refused.put(replica, items);
        });
        return JsonObject.builder()
                .put("version", version)
                .put("state", state.toJson())
                .put("types", new ArrayList<>(knownTypes))
                .put("lastClientSeq", seen)
                .put("recent", changes)
                .put("refusals", refused)
                .build();
    }

    /** Takes the state of a room snapshot (at hub start). */
    public void restore(Map<String, Object> json) {
        try {
            JsonObject in = JsonObject.from(json);
            state.apply(state.replacementBy(in.object("state").asMap()));
            version = in.longValue("version");
            for (Object type : in.array("types")) {
                knownTypes.add(String.valueOf(type));
            }
            for (Map.Entry<?, ?> e : in.object("lastClientSeq").asMap().entrySet()) {
                lastClientSeq.put(String.valueOf(e.getKey()), ((Number) e.getValue()).longValue());
            }
            if (in.has("recent")) { // older snapshots kept neither recent changes nor refusals
                for (Object change : in.array("recent")) {
                    remember(Event.OperationApplied.fromJson(room, String.valueOf(change)));
                }
                for (Map.Entry<?, ?> e : in.object("refusals").asMap().entrySet()) {
                    ArrayDeque<Refusal> mine = new ArrayDeque<>();
                    for (Object raw : (List<?>) e.getValue()) {
                        JsonObject r = JsonObject.from(raw);
                        mine.addLast(new Refusal(r.longValue("clientSeq"), r.string("code"), r.string("error")));
                    }
                    refusals.put(String.valueOf(e.getKey()), mine);
                }
            }
        } catch (JsonException | PatchException | RuntimeException e) {
            throw new IllegalStateException("the synchronised state of room " + room + " cannot be read: " + e, e);
        }
    }

    private Handled refuse(PushedOperation op, String code, String error, long now) {
        lastClientSeq.put(op.clientId(), op.id());
        ArrayDeque<Refusal> mine = refusals.computeIfAbsent(op.clientId(), r -> new ArrayDeque<>());
        mine.addLast(new Refusal(op.id(), code, error));
        if (mine.size() > REMEMBERED_REFUSALS) {
            mine.removeFirst();
        }
        return new Handled(new OperationResult(op.id(), false, code, error, null, now));
    }

    /** Why the state after {@code written} breaks a rule or a limit, or null. */
    private SyncError problemWith(AtomPatches written, SyncRules rules) {
        if (state.entityCount() > rules.maxEntities()) {
            return new SyncError("limit_reached", "a room holds at most " + rules.maxEntities() + " entities");
        }
        for (Map.Entry<String, List<Operation>> e : written.byAtom().entrySet()) {
            EntityRule rule = rules.entityRules().get(e.getKey());
            if (rule == null) {
                continue;
            }
            for (String id : touchedIds(e.getKey(), e.getValue())) {
                Object entity = state.get(e.getKey(), id);
                String problem = entity == null ? null : rule.problem(id, entity);
                if (problem != null) {
                    return new SyncError("mutation_refused", e.getKey() + " " + id + ": " + problem);
                }
            }
        }
        return null;
    }

    private Set<String> touchedIds(String type, List<Operation> ops) {
        Set<String> ids = new LinkedHashSet<>();
        for (Operation op : ops) {
            if (op.path().isRoot()) {
                ids.addAll(state.entities(type).keySet());
            } else {
                ids.add(op.path().tokens().get(0));
            }
        }
        return ids;
    }

    private void undoEffect(AtomPatches inverse) {
        try {
            state.apply(inverse);
        } catch (PatchException e) {
            throw new IllegalStateException("undoing an operation's own writes failed", e);
        }
    }

    private void remember(Event.OperationApplied change) {
        recent.addLast(change);
        while (recent.size() > keepChanges) {
            recent.removeFirst();
        }
    }

    private static AtomPatches filtered(AtomPatches data, Collection<String> types) {
        return types == null ? data : data.only(List.copyOf(types));
    }
}
