package dev.entangle.hub.feature.chat;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.feature.Refusal;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.feature.WriteQuota;
import dev.entangle.hub.feature.activity.ActivityHook;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.room.RoomTask;
import dev.entangle.hub.room.SnapshotParts;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Durable chat (docs/MULTIPLAYER.md, "Chat"): every change — send, edit, delete, react, read — is
 * staged in the room's pipeline, in the event log before its sender gets its {@code chat-result} and
 * every member its {@code chat-event}; another node of a shared log hears of it by following the log.
 * A send reusing an id its author already sent is answered with that message, never a second one.
 * History and search read the chat between rounds, so they see exactly what is durable.
 */
public final class ChatFeature implements Feature {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChatFeature.class);

    /** Writes (send, edit, delete, react) one client may make per window. */
    public static final int WRITES_PER_WINDOW = 10;
    public static final long WINDOW_MILLIS = 10_000;

    /** Until the presence feature tells names: no message has one. */
    public static final BiFunction<Room, String, String> NO_NAMES = (room, clientId) -> null;

    private final Replies replies;
    private final ActivityHook activity;
    private final BiFunction<Room, String, String> nameOf;
    private final WriteQuota quota = new WriteQuota(WRITES_PER_WINDOW, WINDOW_MILLIS);

    /**
     * {@code nameOf}: the presence name of a client of a room when it sends (the presence feature's;
     * null when it has none), asked holding the room's lock; {@code activity} hears of every message sent.
     */
    public ChatFeature(Replies replies, ActivityHook activity, BiFunction<Room, String, String> nameOf) {
        this.replies = replies;
        this.activity = activity;
        this.nameOf = nameOf;
    }

    /** The chats of a room. */
    public static RoomChats chats(Room room) {
        return room.part(RoomChats.class, RoomChats::new);
    }

    /** The messages of chat {@code name} that are not deleted, oldest first (hold the room's lock, or read it settled). */
    public static List<ChatMessage> messages(Room room, String name) {
        RoomChats chats = room.existingPart(RoomChats.class);
        Chat chat = chats == null ? null : chats.existing(name);
        return chat == null ? List.of() : chat.all().stream().filter(m -> !m.deleted()).toList();
    }

    @Override
    public Set<Class<? extends Message>> messages() {
        return Set.of(Message.Chat.class);
    }

    @Override
    public void handle(Connection connection, Room room, Message message) {
        Map<String, Object> fields = ((Message.Chat) message).fields();
        ChatRequest request;
        try {
            request = ChatRequest.parse(fields);
        } catch (Refusal r) {
            replies.refuse(connection, r.code(), r.getMessage(), ChatRequest.seqOf(fields));
            return;
        }
        switch (request.action()) {
            case "history" -> room.pipeline().submit(replies.step(connection, "chat",
                    () -> history(connection, room, request)));
            case "search" -> room.pipeline().submit(replies.step(connection, "chat",
                    () -> search(connection, room, request)));
            default -> {
                if (ChatRequest.WRITES.contains(request.action())) {
                    if (!replies.mayWrite(connection, request.seq())) {
                        return;
                    }
                    if (!quota.take(room.name() + '\u0000' + connection.clientId(), replies.clock().millis())) {
                        replies.refuse(connection, ErrorCode.RATE_LIMITED, "more than " + WRITES_PER_WINDOW
                                + " chat writes in " + WINDOW_MILLIS / 1000 + " s; send it again later", request.seq());
                        return;
                    }
                }
                room.pipeline().submit(replies.change(connection, "chat", () -> stage(connection, room, request)));
            }
        }
    }

    private RoomTask.Staged stage(Connection connection, Room room, ChatRequest request) {
        String me = connection.clientId();
        Chat chat = chats(room).chat(request.chat());
        ChatMessage existing = chat.byId(request.id());
        long now = replies.clock().millis();
        Event.ChatChanged change;
        if (request.action().equals("send")) {
            if (existing != null) {
                if (!existing.author().equals(me)) {
                    return refused(connection, request, ErrorCode.NOT_AUTHOR, "message '" + request.id()
                            + "' was sent by another client; send yours with an id of its own");
                }
                return answered(connection, request, existing); // a resend: the message already sent
            }
            change = new Event.ChatChanged(room.name(), request.chat(), "send", request.id(), chat.nextN(), me,
                    nameOf.apply(room, me), request.text(), null, now);
        } else {
            if (existing == null || existing.deleted()) {
                return refused(connection, request, ErrorCode.NOT_FOUND, "chat '" + request.chat()
                        + "' has no message '" + request.id() + "'");
            }
            boolean authorOnly = request.action().equals("edit") || request.action().equals("delete");
            if (authorOnly && !existing.author().equals(me)) {
                return refused(connection, request, ErrorCode.NOT_AUTHOR, me + " may not " + request.action()
                        + " message '" + request.id() + "' of " + existing.author());
            }
            if (request.action().equals("read") && chat.readMark(me) >= existing.n()) {
                return answeredRead(connection, request, chat.readMark(me)); // read already: nothing to write
            }
            change = new Event.ChatChanged(room.name(), request.chat(), request.action(), request.id(), existing.n(), me,
                    null, request.text(), request.emoji(), now);
        }
        Chat.Applied applied = chat.apply(change);
        String event = eventFrame(change, applied.message());
        return new RoomTask.Staged() {
            @Override
            public List<Event> events() {
                return List.of(change);
            }

            @Override
            public void committed() {
                Map<String, Object> answer = result(request.seq());
                if (applied.message() == null) {
                    answer.put("n", change.n());
                } else {
                    answer.put("message", applied.message().toJson());
                }
                replies.send(connection, new Message.Chat("chat-result", answer));
                room.pipeline().publish(new Publication.ChatEvent(room.name(), event));
                if (change.action().equals("send")) {
                    activity.chatSent(room, me, change.chat(), change.id());
                }
            }

            @Override
            public void undo() {
                applied.undo().run();
            }

            @Override
            public void failed() {
                undo();
                replies.storageFailed(connection, request.seq());
            }
        };
    }

    /** The {@code chat-event} frame of a change, as it left the chat ({@code message}; null for a read mark). */
    private static String eventFrame(Event.ChatChanged change, ChatMessage message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("chat", change.chat());
        if (message == null) {
            fields.put("event", "read");
            fields.put("clientId", change.author());
            fields.put("n", change.n());
            fields.put("id", change.id());
        } else {
            fields.put("event", switch (change.action()) {
                case "send" -> "message";
                case "react" -> "reaction";
                default -> change.action();
            });
            fields.put("message", message.toJson());
        }
        return MessageCodec.encode(new Message.Chat("chat-event", fields));
    }

    private static Map<String, Object> result(long seq) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", seq);
        return fields;
    }

    private RoomTask.Staged refused(Connection connection, ChatRequest request, ErrorCode code, String why) {
        replies.refuse(connection, code, why, request.seq());
        return null;
    }

    /** Answered once what is staged before it is durable; writes nothing and relays nothing. */
    private RoomTask.Staged answered(Connection connection, ChatRequest request, ChatMessage message) {
        Map<String, Object> answer = result(request.seq());
        answer.put("message", message.toJson());
        return quiet(connection, request, answer);
    }

    private RoomTask.Staged answeredRead(Connection connection, ChatRequest request, long n) {
        Map<String, Object> answer = result(request.seq());
        answer.put("n", n);
        return quiet(connection, request, answer);
    }

    private RoomTask.Staged quiet(Connection connection, ChatRequest request, Map<String, Object> answer) {
        return replies.answered(connection, request.seq(), new Message.Chat("chat-result", answer));
    }

    private void history(Connection connection, Room room, ChatRequest request) {
        RoomChats chats = room.existingPart(RoomChats.class);
        Chat chat = chats == null ? null : chats.existing(request.chat());
        List<Object> page = new ArrayList<>();
        boolean more = false;
        Map<String, Long> reads = Map.of();
        long unread = 0;
        if (chat != null) {
            List<ChatMessage> all = chat.all();
            int end = request.before() == null ? all.size() : (int) Math.max(0, Math.min(all.size(), request.before() - 1));
            List<ChatMessage> taken = new ArrayList<>();
            for (int i = end - 1; i >= 0; i--) {
                ChatMessage m = all.get(i);
                if (m.deleted()) {
                    continue;
                }
                if (taken.size() == request.limit()) {
                    more = true;
                    break;
                }
                taken.add(m);
            }
            for (int i = taken.size() - 1; i >= 0; i--) {
                page.add(taken.get(i).toJson());
            }
            reads = chat.reads();
            unread = chat.unread(connection.clientId());
        }
        Map<String, Object> answer = result(request.seq());
        answer.put("messages", page);
        answer.put("more", more);
        answer.put("reads", new LinkedHashMap<>(reads));
        answer.put("unread", unread);
        replies.send(connection, new Message.Chat("chat-result", answer));
    }

    private void search(Connection connection, Room room, ChatRequest request) {
        RoomChats chats = room.existingPart(RoomChats.class);
        Chat chat = chats == null ? null : chats.existing(request.chat());
        List<Object> found = new ArrayList<>();
        if (chat != null) {
            ChatSearch search = new ChatSearch(request.query());
            List<ChatMessage> all = chat.all();
            for (int i = all.size() - 1; i >= 0 && found.size() < request.limit(); i--) {
                ChatMessage m = all.get(i);
                if (!m.deleted() && (request.from() == null || request.from().equals(m.author()))
                        && (request.since() == null || m.at() >= request.since())
                        && (request.until() == null || m.at() <= request.until()) && search.matches(m.text())) {
                    found.add(m.toJson());
                }
            }
        }
        Map<String, Object> answer = result(request.seq());
        answer.put("messages", found);
        replies.send(connection, new Message.Chat("chat-result", answer));
    }

    @Override
    public boolean replay(Room room, Event event) {
        if (event instanceof Event.ChatChanged change) {
            try {
                chats(room).chat(change.chat()).apply(change);
            } catch (IllegalStateException e) {
                // A chat change that does not fit must not keep the room's values and texts from being read back.
                log.error("room {}: skipped a logged chat change that does not fit: {}", room.name(), e.getMessage());
            }
            return true;
        }
        return false;
    }

    /** Another node changed a chat: applied here too, and relayed to the members here. */
    @Override
    public boolean follow(Room room, Event event) {
        if (!(event instanceof Event.ChatChanged change)) {
            return false;
        }
        Chat.Applied applied = chats(room).chat(change.chat()).apply(change);
        room.pipeline().publish(new Publication.ChatEvent(room.name(), eventFrame(change, applied.message())));
        return true;
    }

    @Override
    public void restore(Room room, RoomSnapshot snapshot) {
        if (snapshot.chat() != null) {
            chats(room).restore(snapshot.chat());
        }
    }

    @Override
    public void snapshot(Room room, SnapshotParts out) {
        RoomChats chats = room.existingPart(RoomChats.class);
        if (chats != null) {
            out.chat = chats.toStored();
        }
    }

    @Override
    public boolean deliver(Room room, Publication publication) {
        if (!(publication instanceof Publication.ChatEvent chat)) {
            return false;
        }
        for (Connection member : room.members()) {
            member.send(chat.frame());
        }
        return true;
    }
}
