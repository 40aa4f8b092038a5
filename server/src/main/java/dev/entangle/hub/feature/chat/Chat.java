package dev.entangle.hub.feature.chat;

import dev.entangle.hub.store.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chat of a room: its messages by number and by id, and each member's read mark (the number of
 * the last message it has read). Changes come as logged {@link Event.ChatChanged} events, applied the
 * same way when staged, replayed or followed; each application can be undone (a round whose write
 * failed), newest first. Guarded by the room's lock.
 */
final class Chat {
    private final List<ChatMessage> messages = new ArrayList<>(); // message n at n - 1
    private final Map<String, Integer> byId = new HashMap<>();
    private final Map<String, Long> reads = new LinkedHashMap<>();

    /** What applying a change did: the message as it became (null for a read mark), and how to take it back. */
    record Applied(ChatMessage message, Runnable undo) {
    }

    ChatMessage byId(String id) {
        Integer index = byId.get(id);
        return index == null ? null : messages.get(index);
    }

    /** The number the next message sent gets. */
    long nextN() {
        return messages.size() + 1L;
    }

    long readMark(String clientId) {
        return reads.getOrDefault(clientId, 0L);
    }

    Map<String, Long> reads() {
        return new LinkedHashMap<>(reads);
    }

    List<ChatMessage> all() {
        return List.copyOf(messages);
    }

    /** Applies a change of this chat; an event that does not fit (a message that is not there) is an error. */
    Applied apply(Event.ChatChanged change) {
        if (change.action().equals("send")) {
            ChatMessage sent = ChatMessage.sent(change.id(), nextN(), change.author(), change.name(), change.text(),
                    change.at());
            messages.add(sent);
            byId.put(sent.id(), messages.size() - 1);
            return new Applied(sent, () -> {
                messages.remove(messages.size() - 1);
                byId.remove(sent.id());
            });
        }
        ChatMessage before = byId(change.id());
        if (before == null) {
            throw new IllegalStateException("chat '" + change.chat() + "' has no message '" + change.id() + "' to "
                    + change.action());
        }
        if (change.action().equals("read")) {
            Long previous = reads.put(change.author(), Math.max(before.n(), readMark(change.author())));
            return new Applied(null, () -> {
                if (previous == null) {
                    reads.remove(change.author());
                } else {
                    reads.put(change.author(), previous);
                }
            });
        }
        ChatMessage after = switch (change.action()) {
            case "edit" -> before.edited(change.text(), change.at());
            case "delete" -> before.asDeleted();
            case "react" -> before.toggled(change.emoji(), change.author());
            default -> throw new IllegalStateException("unknown chat action '" + change.action() + "'");
        };
        int index = byId.get(change.id());
        messages.set(index, after);
        return new Applied(after, () -> messages.set(index, before));
    }

    /** Messages of {@code author}'s peers after {@code author}'s read mark, deleted ones left out. */
    long unread(String clientId) {
        long mark = readMark(clientId);
        long count = 0;
        for (int i = (int) mark; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (!m.deleted() && !m.author().equals(clientId)) {
                count++;
            }
        }
        return count;
    }

    Map<String, Object> toStored() {
        List<Object> stored = new ArrayList<>();
        for (ChatMessage m : messages) {
            stored.add(m.toStored());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messages", stored);
        out.put("reads", new LinkedHashMap<>(reads));
        return out;
    }

    static Chat fromStored(Map<?, ?> in) {
        Chat chat = new Chat();
        for (Object raw : (List<?>) in.get("messages")) {
            ChatMessage m = ChatMessage.fromStored((Map<?, ?>) raw);
            chat.messages.add(m);
            chat.byId.put(m.id(), chat.messages.size() - 1);
        }
        ((Map<?, ?>) in.get("reads")).forEach((who, n) -> chat.reads.put((String) who, (Long) n));
        return chat;
    }
}
