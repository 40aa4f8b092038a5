package dev.entangle.hub.store;

import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.patch.PatchException;
import dev.entangle.core.sync.AtomPatches;

/** Something the hub accepted, as the event log keeps it: enough to rebuild the hub's state after a restart. */
public sealed interface Event permits Event.ValueAccepted, Event.TextCommitted, Event.OwnershipChanged,
        Event.OperationApplied, Event.ChatChanged, Event.ActivityNoted {

    String room();

    /** A bound value changed: its vector, its place in the binding's order, and who may see it. */
    record ValueAccepted(String room, MutationVector vector, long serverSeq, Target audience) implements Event {
    }

    /**
     * A text operation committed as {@code revision} of {@code doc}, as transformed by the sequencer;
     * {@code author} and {@code clientSeq} let a restarted hub recognise a resent operation.
     */
    record TextCommitted(String room, String doc, long revision, String author, long clientSeq,
            TextOperation operation) implements Event {
    }

    /** The ownership token of an owned binding moved to {@code owner} (null: nobody holds it). */
    record OwnershipChanged(String room, String selector, String owner) implements Event {
    }

    /**
     * A named operation changed the room's synchronised state to {@code version}: operation
     * {@code clientSeq} of replica {@code replicaId}, pushed by client {@code author}, whose result
     * was {@code patches}. {@code replicaId} and {@code clientSeq} let a restarted hub recognise a resend.
     */
    record OperationApplied(String room, long version, String replicaId, long clientSeq, String author,
            AtomPatches patches, long serverTimestamp) implements Event {

        public String toJson() {
            return JsonObject.builder()
                    .put("version", version)
                    .put("replicaId", replicaId)
                    .put("clientSeq", clientSeq)
                    .put("author", author)
                    .put("patches", patches.toJson())
                    .put("serverTimestamp", serverTimestamp)
                    .write();
        }

        public static OperationApplied fromJson(String room, String json) throws JsonException, PatchException {
            JsonObject in = dev.entangle.core.json.Json.parseObject(json);
            return new OperationApplied(room, in.longValue("version"), in.string("replicaId"), in.longValue("clientSeq"),
                    in.string("author"), AtomPatches.parse(in.object("patches").asMap()), in.longValue("serverTimestamp"));
        }
    }

    /**
     * A change to chat {@code chat}: {@code action} (send, edit, delete, react, read) on message
     * {@code id} (its number {@code n}) by client {@code author} at {@code at} (ms since the epoch).
     * {@code name} (the author's presence name, send), {@code text} (send, edit) and {@code emoji}
     * (react) are null when the action has none.
     */
    record ChatChanged(String room, String chat, String action, String id, long n, String author, String name,
            String text, String emoji, long at) implements Event {
    }

    /**
     * An entry of the room's activity stream, as its members see it: {@code n}, {@code type},
     * {@code actor}, {@code summary}, {@code at} and the type's own fields (a JSON object as parsed).
     */
    record ActivityNoted(String room, java.util.Map<String, Object> entry) implements Event {
    }
}
