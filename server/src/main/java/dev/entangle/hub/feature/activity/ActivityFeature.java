package dev.entangle.hub.feature.activity;

import dev.entangle.core.json.Json;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.HubStats;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.feature.Refusal;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.feature.WriteQuota;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.room.RoomTask;
import dev.entangle.hub.room.SnapshotParts;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's activity stream (docs/MULTIPLAYER.md, "Activity"): entries applications post, and the
 * hub's own — a client joined, left, edited a document or a binding (one entry per burst), ran a
 * named operation, sent a chat message. Each entry is its own change of the room's pipeline, in the
 * event log before anyone hears of it; a room keeps its last {@code activityKept}. A member that
 * lists the stream is sent each later entry ({@code activity-event}) while it stays connected.
 */
public final class ActivityFeature implements Feature, ActivityHook {
    private static final Logger log = LoggerFactory.getLogger(ActivityFeature.class);

    /** The hub's own entry types: an application may not post them. */
    public static final Set<String> HUB_TYPES = Set.of("join", "leave", "edit", "operation", "chat");
    /** A client's edits to one document or binding closer together than this are one entry. */
    public static final long EDIT_BURST_GAP_MILLIS = 10_000;
    public static final int POSTS_PER_WINDOW = 10;
    public static final long WINDOW_MILLIS = 10_000;
    static final int MAX_TYPE = 32;
    static final int MAX_SUMMARY = 500;
    static final int MAX_FIELDS_BYTES = 2 * 1024;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 50;
    /** The fields every entry has, which the hub fills in. */
    private static final Set<String> HUB_FIELDS = Set.of("n", "type", "actor", "summary", "at");

    private final Replies replies;
    private final int kept;
    private final WriteQuota quota = new WriteQuota(POSTS_PER_WINDOW, WINDOW_MILLIS);

    /** {@code kept}: the entries a room keeps (HubConfig.activityKept). */
    public ActivityFeature(Replies replies, int kept) {
        this.replies = replies;
        this.kept = kept;
    }

    static RoomActivity activity(Room room) {
        return room.part(RoomActivity.class, RoomActivity::new);
    }

    @Override
    public Set<Class<? extends Message>> messages() {
        return Set.of(Message.Activity.class);
    }

    @Override
    public void handle(Connection connection, Room room, Message message) {
        Map<String, Object> fields = ((Message.Activity) message).fields();
        Long seq = fields.get("seq") instanceof Long s ? s : null;
        try {
            if (seq == null) {
                throw Refusal.invalid("an activity frame needs a seq (an integer)");
            }
            Object action = fields.get("action");
            if ("list".equals(action)) {
                Long before = fields.containsKey("before") ? Refusal.whole(fields, "before") : null;
                long limit = fields.containsKey("limit") ? Refusal.whole(fields, "limit") : DEFAULT_LIMIT;
                if (limit < 1 || limit > MAX_LIMIT) {
                    throw Refusal.invalid("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
                }
                room.pipeline().submit(replies.step(connection, "activity", () -> list(connection, room, seq, before,
                        (int) limit)));
                return;
            }
            if (!"post".equals(action)) {
                throw Refusal.invalid("action must be post or list, got " + action);
            }
            if (kept == 0) {
                throw new Refusal(ErrorCode.LIMIT_REACHED, "this hub keeps no activity stream (activityKept is 0)");
            }
            Map<String, Object> posted = posted(fields.get("entry"));
            if (!replies.mayWrite(connection, seq)) {
                return;
            }
            if (!quota.take(room.name() + '\u0000' + connection.clientId(), replies.clock().millis())) {
                throw new Refusal(ErrorCode.RATE_LIMITED, "more than " + POSTS_PER_WINDOW + " activity posts in "
                        + WINDOW_MILLIS / 1000 + " s; send it again later");
            }
            room.pipeline().submit(replies.change(connection, "activity", () -> stage(room, (String) posted.get("type"),
                    connection.clientId(), (String) posted.get("summary"), extra(posted), entry -> {
                        Map<String, Object> answer = new LinkedHashMap<>();
                        answer.put("seq", seq);
                        answer.put("entry", entry);
                        replies.send(connection, new Message.Activity("activity-result", answer));
                    }, () -> replies.storageFailed(connection, seq))));
        } catch (Refusal r) {
            replies.refuse(connection, r.code(), r.getMessage(), seq);
        }
    }

    /** An application's entry, checked: its type, summary and other fields. */
    private static Map<String, Object> posted(Object raw) throws Refusal {
        if (!(raw instanceof Map<?, ?> entry)) {
            throw Refusal.invalid("entry must be an object");
        }
        if (!(entry.get("type") instanceof String type) || Identifiers.problemWithId(type) != null
                || type.length() > MAX_TYPE) {
            throw Refusal.invalid("entry type must be an identifier of at most " + MAX_TYPE + " characters, got "
                    + entry.get("type"));
        }
        if (HUB_TYPES.contains(type)) {
            throw Refusal.invalid("entry type '" + type + "' is the hub's own (join, leave, edit, operation, chat)");
        }
        if (!(entry.get("summary") instanceof String summary) || summary.isBlank()) {
            throw Refusal.invalid("entry summary must be a string, not blank");
        }
        if (summary.codePointCount(0, summary.length()) > MAX_SUMMARY) {
            throw new Refusal(ErrorCode.MESSAGE_TOO_LONG, "entry summary must be at most " + MAX_SUMMARY
                    + " characters, got " + summary.codePointCount(0, summary.length()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        entry.forEach((key, value) -> out.put(String.valueOf(key), value));
        for (String hubs : List.of("n", "actor", "at")) {
            if (out.containsKey(hubs)) {
                throw Refusal.invalid("entry field '" + hubs + "' is the hub's to fill in");
            }
        }
        int bytes = HubStats.utf8Length(Json.write(extra(out)));
        if (bytes > MAX_FIELDS_BYTES) {
            throw new Refusal(ErrorCode.FRAME_TOO_LARGE, "an entry's own fields must be at most " + MAX_FIELDS_BYTES
                    + " bytes encoded, got " + bytes);
        }
        return out;
    }

    private static Map<String, Object> extra(Map<String, Object> entry) {
        Map<String, Object> out = new LinkedHashMap<>(entry);
        out.keySet().removeAll(HUB_FIELDS);
        return out;
    }


    private void list(Connection connection, Room room, long seq, Long before, int limit) {
        RoomActivity activity = activity(room);
        activity.follow(connection.clientId());
        RoomActivity.Page page = activity.page(before, limit);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("seq", seq);
        answer.put("entries", page.entries());
        answer.put("more", page.more());
        replies.send(connection, new Message.Activity("activity-result", answer));
    }

    /**
     * Stages an entry: numbered next, kept, logged; once durable {@code answer} hears it as stored and
     * the room's followers get it. {@code failed} runs when the log refused it.
     */
    private RoomTask.Staged stage(Room room, String type, String actor, String summary, Map<String, Object> fields,
            java.util.function.Consumer<Map<String, Object>> answer, Runnable failed) {
        RoomActivity activity = activity(room);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("n", activity.nextN());
        entry.put("type", type);
        if (actor != null) {
            entry.put("actor", actor);
        }
        entry.put("summary", summary);
        entry.put("at", replies.clock().millis());
        entry.putAll(fields);
        Runnable undo = activity.add(entry, kept);
        Event event = new Event.ActivityNoted(room.name(), entry);
        return new RoomTask.Staged() {
            @Override
            public List<Event> events() {
                return List.of(event);
            }

            @Override
            public void committed() {
                if (answer != null) {
                    answer.accept(entry);
                }
                room.pipeline().publish(new Publication.ActivityEvent(room.name(), eventFrame(entry)));
            }

            @Override
            public void undo() {
                undo.run();
            }

            @Override
            public void failed() {
                undo();
                failed.run();
            }
        };
    }

    private static String eventFrame(Map<String, Object> entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("entry", entry);
        return MessageCodec.encode(new Message.Activity("activity-event", fields));
    }

    /** Writes one of the hub's own entries, as a change of its own in the room's order. */
    private void note(Room room, String type, String actor, String summary, Map<String, Object> fields) {
        if (kept == 0) {
            return; // the stream is off
        }
        room.pipeline().submit(new RoomTask.Change() {
            @Override
            public RoomTask.Staged stage() {
                return ActivityFeature.this.stage(room, type, actor, summary, fields, null,
                        () -> log.warn("could not log the {} entry of {} in room {}", type, actor, room.name()));
            }

            @Override
            public void crashed(RuntimeException e) {
                log.error("failed to note the {} entry of {} in room {}", type, actor, room.name(), e);
            }
        });
    }

    @Override
    public void joined(Room room, Connection member, boolean back) {
        if (!back) {
            note(room, "join", member.clientId(), member.clientId() + " joined", Map.of());
        }
    }

    @Override
    public void left(Room room, String clientId) {
        note(room, "leave", clientId, clientId + " left", Map.of());
    }

    @Override
    public void edited(Room room, String clientId, String field, String name) {
        if (activity(room).editStartsBurst(clientId + '\u0000' + field + '\u0000' + name, replies.clock().millis(),
                EDIT_BURST_GAP_MILLIS)) {
            note(room, "edit", clientId, clientId + (field.equals("doc") ? " edited " : " changed ") + name,
                    Map.of(field, name));
        }
    }

    @Override
    public void operationApplied(Room room, String author, String name) {
        note(room, "operation", author, author + " ran " + name, Map.of("name", name));
    }

    @Override
    public void chatSent(Room room, String clientId, String chat, String id) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("chat", chat);
        fields.put("id", id);
        note(room, "chat", clientId, clientId + " wrote in " + chat, fields);
    }

    @Override
    public boolean replay(Room room, Event event) {
        if (event instanceof Event.ActivityNoted noted) {
            activity(room).add(new LinkedHashMap<>(noted.entry()), kept);
            return true;
        }
        return false;
    }

    /** Another node noted an entry: kept here too, and sent to the followers here. */
    @Override
    public boolean follow(Room room, Event event) {
        if (!(event instanceof Event.ActivityNoted noted)) {
            return false;
        }
        Map<String, Object> entry = new LinkedHashMap<>(noted.entry());
        activity(room).add(entry, kept);
        room.pipeline().publish(new Publication.ActivityEvent(room.name(), eventFrame(entry)));
        return true;
    }

    @Override
    public void restore(Room room, RoomSnapshot snapshot) {
        if (snapshot.activity() != null) {
            activity(room).restore(snapshot.activity(), kept);
        }
    }

    @Override
    public void snapshot(Room room, SnapshotParts out) {
        RoomActivity activity = room.existingPart(RoomActivity.class);
        if (activity != null) {
            out.activity = activity.toStored();
        }
    }

    @Override
    public boolean deliver(Room room, Publication publication) {
        if (!(publication instanceof Publication.ActivityEvent event)) {
            return false;
        }
        RoomActivity activity = room.existingPart(RoomActivity.class);
        if (activity == null) {
            return true;
        }
        for (Connection member : room.members()) {
            if (activity.follows(member.clientId())) {
                member.send(event.frame());
            }
        }
        return true;
    }
}
