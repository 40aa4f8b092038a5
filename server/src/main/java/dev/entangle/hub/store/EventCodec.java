package dev.entangle.hub.store;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.patch.PatchException;
import dev.entangle.core.sync.AtomPatches;
import java.util.List;

/**
 * How the event log keeps an {@link Event}: a small JSON object of the log's own, a {@code kind}
 * then the event's fields, written in a fixed order. It is not a protocol frame, so changing the
 * wire protocol changes no stored data. The room is left out: every engine keeps it beside the
 * event, in a column of its own, to find a room's events.
 *
 * <pre>
 * {"kind":"value","serverSeq":3,"audience":"*","selector":"#volume","change":"property","name":"value",
 *  "oldValue":"1","newValue":"2","source":"alice","seq":7,"timestamp":1700000000000}
 * {"kind":"text","doc":"notes","revision":4,"author":"bob#tab-1","clientSeq":9,"op":[3,"x",-1,2]}
 * {"kind":"ownership","selector":"#speed","owner":"alice"}            (no owner: nobody holds it)
 * {"kind":"operation","version":5,"replicaId":"r1","clientSeq":2,"author":"carol","patches":{...},
 *  "serverTimestamp":1700000000000}
 * {"kind":"chat","chat":"main","action":"send","id":"k8f2x0q1","n":1,"author":"alice","name":"Ada",
 *  "text":"Ready?","at":1700000000000}                      (edit: text; react: emoji; delete, read: neither)
 * {"kind":"activity","entry":{"n":3,"type":"edit","actor":"bob","summary":"bob edited notes","at":1700000000000,
 *  "doc":"notes"}}
 * </pre>
 *
 * A field that is null is left out ({@code oldValue}, {@code name}, {@code owner}); a text operation
 * is ot.js's compact form (a positive number retains, a negative one deletes, a string inserts).
 * An incompatible change to this format needs a new format marker in the engines (see
 * {@link SqliteEventLog}'s {@code encoding} column), never a silent reinterpretation of stored rows.
 */
public final class EventCodec {
    static final String VALUE = "value";
    static final String TEXT = "text";
    static final String OWNERSHIP = "ownership";
    static final String OPERATION = "operation";
    static final String CHAT = "chat";
    static final String ACTIVITY = "activity";

    private EventCodec() {
    }

    /** The event's kind, as {@link #encode} names it. */
    public static String kind(Event event) {
        if (event instanceof Event.ValueAccepted) {
            return VALUE;
        }
        if (event instanceof Event.TextCommitted) {
            return TEXT;
        }
        if (event instanceof Event.OwnershipChanged) {
            return OWNERSHIP;
        }
        if (event instanceof Event.ChatChanged) {
            return CHAT;
        }
        if (event instanceof Event.ActivityNoted) {
            return ACTIVITY;
        }
        return OPERATION;
    }

    /** The event, without its room, as the log keeps it. */
    public static String encode(Event event) {
        JsonObject.Builder out = JsonObject.builder().put("kind", kind(event));
        if (event instanceof Event.ValueAccepted v) {
            MutationVector m = v.vector();
            out.put("serverSeq", v.serverSeq())
                    .put("audience", v.audience().wire())
                    .put("selector", m.selector())
                    .put("change", m.kind().wire())
                    .put("name", m.name())
                    .put("oldValue", m.oldValue())
                    .put("newValue", m.newValue())
                    .put("source", m.source())
                    .put("seq", m.seq())
                    .put("timestamp", m.timestamp());
        } else if (event instanceof Event.TextCommitted t) {
            out.put("doc", t.doc())
                    .put("revision", t.revision())
                    .put("author", t.author())
                    .put("clientSeq", t.clientSeq())
                    .put("op", MessageCodec.encodeOperation(t.operation()));
        } else if (event instanceof Event.OwnershipChanged o) {
            out.put("selector", o.selector()).put("owner", o.owner());
        } else if (event instanceof Event.ChatChanged c) {
            out.put("chat", c.chat())
                    .put("action", c.action())
                    .put("id", c.id())
                    .put("n", c.n())
                    .put("author", c.author())
                    .put("name", c.name())
                    .put("text", c.text())
                    .put("emoji", c.emoji())
                    .put("at", c.at());
        } else if (event instanceof Event.ActivityNoted a) {
            out.put("entry", a.entry());
        } else {
            Event.OperationApplied o = (Event.OperationApplied) event;
            out.put("version", o.version())
                    .put("replicaId", o.replicaId())
                    .put("clientSeq", o.clientSeq())
                    .put("author", o.author())
                    .put("patches", o.patches().toJson())
                    .put("serverTimestamp", o.serverTimestamp());
        }
        return out.write();
    }

    /**
     * Reads what {@link #encode} wrote, as an event of {@code room}. Anything else is an
     * IllegalArgumentException saying what was wrong: never a partial or guessed event.
     */
    public static Event decode(String room, String stored) {
        try {
            JsonObject in = Json.parseObject(stored);
            String kind = in.string("kind");
            switch (kind) {
                case VALUE: {
                    MutationKind change = MutationKind.fromWire(in.string("change"));
                    if (change == null) {
                        throw new IllegalArgumentException("field 'change' must be one of attribute, property, text,"
                                + " children, got '" + in.string("change") + "'");
                    }
                    MutationVector vector = new MutationVector(in.string("selector"), change, in.optionalString("name"),
                            in.optionalString("oldValue"), in.optionalString("newValue"), in.string("source"),
                            in.longValue("seq"), in.longValue("timestamp"));
                    return new Event.ValueAccepted(room, vector, in.longValue("serverSeq"),
                            Target.parse(in.string("audience")));
                }
                case TEXT:
                    return new Event.TextCommitted(room, in.string("doc"), in.longValue("revision"), in.string("author"),
                            in.longValue("clientSeq"), decodeOperation(in.array("op")));
                case OWNERSHIP:
                    return new Event.OwnershipChanged(room, in.string("selector"), in.optionalString("owner"));
                case OPERATION:
                    return new Event.OperationApplied(room, in.longValue("version"), in.string("replicaId"),
                            in.longValue("clientSeq"), in.string("author"), AtomPatches.parse(in.object("patches").asMap()),
                            in.longValue("serverTimestamp"));
                case CHAT:
                    return new Event.ChatChanged(room, in.string("chat"), in.string("action"), in.string("id"),
                            in.longValue("n"), in.string("author"), in.optionalString("name"), in.optionalString("text"),
                            in.optionalString("emoji"), in.longValue("at"));
                case ACTIVITY:
                    return new Event.ActivityNoted(room, entry(in.object("entry")));
                default:
                    throw new IllegalArgumentException("field 'kind' must be one of value, text, ownership, operation,"
                            + " chat, activity, got '" + kind + "'");
            }
        } catch (JsonException | PatchException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> entry(JsonObject entry) {
        return new java.util.LinkedHashMap<>((java.util.Map<String, Object>) entry.asMap());
    }

    private static TextOperation decodeOperation(List<?> components) {
        try {
            return MessageCodec.decodeOperation(components);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
