package dev.entangle.hub.store;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a room's events add up to, so a restart reads one snapshot instead of every event
 * before it: the latest value of each key with its sequence number and audience, and each text
 * document's revision, text, the last operation of each author (to recognise resends) and its
 * recent commits (so clients that were away catch up with operations, not the whole text); and
 * who holds each owned binding's ownership token ({@code owners}: selector → client id, or "" for nobody);
 * and the room's synchronised state of named operations ({@code sync}, as {@code SyncRoom} writes it;
 * null for none); its chats ({@code chat}, as {@code RoomChats} writes them) and its activity stream
 * ({@code activity}, as {@code RoomActivity} writes it), null for none (and in snapshots from before
 * them).
 */
public record RoomSnapshot(String room, List<Value> values, List<Doc> docs, Map<String, String> owners,
        Map<String, Object> sync, Map<String, Object> chat, Map<String, Object> activity) {

    /** A snapshot without chats or activity. */
    public RoomSnapshot(String room, List<Value> values, List<Doc> docs, Map<String, String> owners,
            Map<String, Object> sync) {
        this(room, values, docs, owners, sync, null, null);
    }

    /** A snapshot without owned bindings. */
    public RoomSnapshot(String room, List<Value> values, List<Doc> docs) {
        this(room, values, docs, Map.of(), null);
    }

    public record Value(MutationVector vector, long serverSeq, Target audience) {
    }

    /**
     * {@code seen}: author → {last client sequence number committed, the revision it became};
     * {@code recent}: the commits up to {@code revision} kept for catching up, oldest first.
     */
    public record Doc(String name, long revision, String text, Map<String, long[]> seen, List<Commit> recent) {
        public Doc(String name, long revision, String text, Map<String, long[]> seen) {
            this(name, revision, text, seen, List.of());
        }
    }

    /** A committed text operation as the sequencer keeps it, and when it was applied (ms since the epoch). */
    public record Commit(long revision, String author, long clientSeq, TextOperation operation, long appliedAt) {
    }

    /** The snapshot as JSON; values are kept as the protocol's mutation frames. */
    public String toJson() {
        List<Object> valueList = new ArrayList<>();
        for (Value v : values) {
            valueList.add(JsonObject.builder()
                    .put("frame", MessageCodec.encode(new Message.Mutation(v.vector(), v.serverSeq())))
                    .put("audience", v.audience().wire())
                    .build());
        }
        List<Object> docList = new ArrayList<>();
        for (Doc d : docs) {
            Map<String, Object> seen = new LinkedHashMap<>();
            d.seen().forEach((author, s) -> seen.put(author, List.of(s[0], s[1])));
            List<Object> recent = new ArrayList<>();
            for (Commit c : d.recent()) {
                // As the event log keeps a commit: a text-op frame, its seq the client's, its source the author.
                recent.add(JsonObject.builder()
                        .put("frame", MessageCodec.encode(new Message.TextOp(c.clientSeq(), d.name(), c.revision(),
                                c.operation(), c.author())))
                        .put("at", c.appliedAt())
                        .build());
            }
            docList.add(JsonObject.builder()
                    .put("name", d.name())
                    .put("revision", d.revision())
                    .put("text", d.text())
                    .put("seen", seen)
                    .put("recent", recent)
                    .build());
        }
        return JsonObject.builder().put("values", valueList).put("docs", docList).put("owners", owners)
                .put("sync", sync).put("chat", chat).put("activity", activity).write();
    }

    /** Reads a snapshot written by {@link #toJson}; anything else is an error, never a partial room. */
    public static RoomSnapshot fromJson(String room, String json) {
        try {
            JsonObject in = Json.parseObject(json);
            List<Value> values = new ArrayList<>();
            for (Object item : in.array("values")) {
                JsonObject value = JsonObject.from(item);
                Message.Mutation m = (Message.Mutation) MessageCodec.decode(value.string("frame"));
                values.add(new Value(m.vector(), m.serverSeq(), Target.parse(value.string("audience"))));
            }
            List<Doc> docs = new ArrayList<>();
            for (Object item : in.array("docs")) {
                JsonObject doc = JsonObject.from(item);
                Map<String, long[]> seen = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : doc.object("seen").asMap().entrySet()) {
                    List<?> pair = (List<?>) e.getValue();
                    seen.put((String) e.getKey(), new long[] {(Long) pair.get(0), (Long) pair.get(1)});
                }
                List<Commit> recent = new ArrayList<>();
                if (doc.has("recent")) { // snapshots written before recent commits were kept have none
                    for (Object raw : doc.array("recent")) {
                        JsonObject commit = JsonObject.from(raw);
                        Message.TextOp op = (Message.TextOp) MessageCodec.decode(commit.string("frame"));
                        recent.add(new Commit(op.revision(), op.source(), op.seq(), op.operation(), commit.longValue("at")));
                    }
                }
                docs.add(new Doc(doc.string("name"), doc.longValue("revision"), doc.string("text"), seen, recent));
            }
            Map<String, String> owners = new LinkedHashMap<>();
            if (in.has("owners")) {
                for (Map.Entry<?, ?> e : in.object("owners").asMap().entrySet()) {
                    owners.put((String) e.getKey(), (String) e.getValue());
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> sync = in.has("sync") ? (Map<String, Object>) in.object("sync").asMap() : null;
            Map<String, Object> chat = in.has("chat") ? (Map<String, Object>) in.object("chat").asMap() : null;
            Map<String, Object> activity = in.has("activity") ? (Map<String, Object>) in.object("activity").asMap()
                    : null;
            return new RoomSnapshot(room, values, docs, owners, sync, chat, activity);
        } catch (JsonException | ProtocolException | RuntimeException e) {
            throw new EventLogException("the snapshot of room '" + room + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
