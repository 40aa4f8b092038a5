package dev.entangle.hub.feature.chat;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.hub.feature.Refusal;
import java.util.Map;
import java.util.Set;

/**
 * A {@code chat} frame read and checked (docs/MULTIPLAYER.md, "Chat"): its action and the fields that
 * action takes, or a {@link Refusal} naming what was wrong. What depends on the chat's state (who
 * wrote a message, whether it exists) is checked when the change is staged.
 */
record ChatRequest(long seq, String chat, String action, String id, String text, String emoji, Long before,
        int limit, String query, String from, Long since, Long until) {

    static final int MAX_TEXT = 4_000;
    static final int MAX_EMOJI = 16;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_QUERY = 500;
    static final String MAIN = "main";
    /** Actions that change the chat and count against the sender's write quota. */
    static final Set<String> WRITES = Set.of("send", "edit", "delete", "react");
    private static final Set<String> ACTIONS = Set.of("send", "edit", "delete", "react", "read", "history", "search");

    /** The frame's {@code seq}, to answer a refusal with, or null when it has none. */
    static Long seqOf(Map<String, Object> fields) {
        return fields.get("seq") instanceof Long seq ? seq : null;
    }

    static ChatRequest parse(Map<String, Object> fields) throws Refusal {
        Long seq = seqOf(fields);
        if (seq == null) {
            throw Refusal.invalid("a chat frame needs a seq (an integer)");
        }
        String chat = fields.containsKey("chat") ? Refusal.string(fields, "chat") : MAIN;
        String problem = Identifiers.problemWithId(chat);
        if (problem != null) {
            throw Refusal.invalid("chat " + problem);
        }
        Object rawAction = fields.get("action");
        if (!(rawAction instanceof String action) || !ACTIONS.contains(action)) {
            throw Refusal.invalid("action must be one of send, edit, delete, react, read, history, search, got " + rawAction);
        }
        String id = null;
        String text = null;
        String emoji = null;
        if (!action.equals("history") && !action.equals("search")) {
            id = Refusal.string(fields, "id");
            problem = Identifiers.problemWithId(id);
            if (problem != null) {
                throw Refusal.invalid("id " + problem);
            }
        }
        if (action.equals("send") || action.equals("edit")) {
            text = text(fields);
        }
        if (action.equals("react")) {
            emoji = Refusal.string(fields, "emoji");
            int length = emoji.codePointCount(0, emoji.length());
            if (length < 1 || length > MAX_EMOJI || emoji.isBlank()) {
                throw Refusal.invalid("emoji must be 1 to " + MAX_EMOJI + " characters, got " + length);
            }
        }
        int limit = DEFAULT_LIMIT;
        if (fields.containsKey("limit")) {
            long asked = Refusal.whole(fields, "limit");
            if (asked < 1 || asked > MAX_LIMIT) {
                throw Refusal.invalid("limit must be 1 to " + MAX_LIMIT + ", got " + asked);
            }
            limit = (int) asked;
        }
        Long before = fields.containsKey("before") ? Refusal.whole(fields, "before") : null;
        String query = null;
        String from = null;
        if (action.equals("search")) {
            query = fields.containsKey("query") ? Refusal.string(fields, "query") : null;
            if (query != null && query.length() > MAX_QUERY) {
                throw Refusal.invalid("query must be at most " + MAX_QUERY + " characters, got " + query.length());
            }
            from = fields.containsKey("from") ? Refusal.string(fields, "from") : null;
            if (from != null && Identifiers.problemWithId(from) != null) {
                throw Refusal.invalid("from " + Identifiers.problemWithId(from));
            }
        }
        Long since = fields.containsKey("since") ? Refusal.whole(fields, "since") : null;
        Long until = fields.containsKey("until") ? Refusal.whole(fields, "until") : null;
        return new ChatRequest(seq, chat, action, id, text, emoji, before, limit, query, from, since, until);
    }

    private static String text(Map<String, Object> fields) throws Refusal {
        String text = Refusal.string(fields, "text");
        int length = text.codePointCount(0, text.length());
        if (length > MAX_TEXT) {
            throw new Refusal(ErrorCode.MESSAGE_TOO_LONG, "text must be at most " + MAX_TEXT + " characters, got "
                    + length);
        }
        if (text.isBlank()) {
            throw Refusal.invalid("text must not be empty or blank");
        }
        return text;
    }
}
