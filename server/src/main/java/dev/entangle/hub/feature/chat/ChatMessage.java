package dev.entangle.hub.feature.chat;

import dev.entangle.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of a chat, as it stands now: immutable, each change makes a new one. {@code n} numbers
 * it in the chat's order (from 1); {@code name} is its author's presence name when it was sent (or
 * null); {@code edited} when it was last edited (or null); a deleted message keeps its id, number and
 * author and loses its text and reactions. {@code reactions}: emoji → the clients who reacted, in order.
 */
public record ChatMessage(String id, long n, String author, String name, String text, long at, Long edited,
        boolean deleted, Map<String, List<String>> reactions) {

    public ChatMessage {
        reactions = copy(reactions);
    }

    static ChatMessage sent(String id, long n, String author, String name, String text, long at) {
        return new ChatMessage(id, n, author, name, text, at, null, false, Map.of());
    }

    ChatMessage edited(String newText, long when) {
        return new ChatMessage(id, n, author, name, newText, at, when, false, reactions);
    }

    ChatMessage asDeleted() {
        return new ChatMessage(id, n, author, name, null, at, edited, true, Map.of());
    }

    /** The sender's reaction {@code emoji} toggled: added when absent, taken back when present. */
    ChatMessage toggled(String emoji, String clientId) {
        Map<String, List<String>> next = new LinkedHashMap<>();
        reactions.forEach((e, who) -> next.put(e, new ArrayList<>(who)));
        List<String> who = next.computeIfAbsent(emoji, e -> new ArrayList<>());
        if (!who.remove(clientId)) {
            who.add(clientId);
        }
        if (who.isEmpty()) {
            next.remove(emoji);
        }
        return new ChatMessage(id, n, author, name, text, at, edited, deleted, next);
    }

    /** As members see it (docs/MULTIPLAYER.md, "A message"); a deleted one is its id, number and author. */
    public Map<String, Object> toJson() {
        JsonObject.Builder out = JsonObject.builder().put("id", id).put("n", n).put("author", author);
        if (deleted) {
            return out.put("deleted", true).build();
        }
        out.put("name", name).put("text", text).put("at", at).put("edited", edited);
        if (!reactions.isEmpty()) {
            out.put("reactions", new LinkedHashMap<>(reactions));
        }
        return out.build();
    }

    /** As a snapshot keeps it: everything, a deleted message's time and name too. */
    Map<String, Object> toStored() {
        return JsonObject.builder().put("id", id).put("n", n).put("author", author).put("name", name)
                .put("text", text).put("at", at).put("edited", edited).put("deleted", deleted ? Boolean.TRUE : null)
                .put("reactions", reactions.isEmpty() ? null : new LinkedHashMap<>(reactions)).build();
    }

    @SuppressWarnings("unchecked")
    static ChatMessage fromStored(Map<?, ?> in) {
        Map<String, List<String>> reactions = new LinkedHashMap<>();
        Object stored = in.get("reactions");
        if (stored instanceof Map<?, ?> map) {
            map.forEach((emoji, who) -> reactions.put((String) emoji, List.copyOf((List<String>) who)));
        }
        return new ChatMessage((String) in.get("id"), (Long) in.get("n"), (String) in.get("author"),
                (String) in.get("name"), (String) in.get("text"), (Long) in.get("at"), (Long) in.get("edited"),
                Boolean.TRUE.equals(in.get("deleted")), reactions);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> reactions) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        reactions.forEach((emoji, who) -> out.put(emoji, List.copyOf(who)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
