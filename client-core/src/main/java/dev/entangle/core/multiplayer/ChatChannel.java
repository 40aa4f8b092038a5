package dev.entangle.core.multiplayer;

import dev.entangle.core.json.Json;
import dev.entangle.core.protocol.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chat of the room as this client knows it (docs/MULTIPLAYER.md, "Chat"): the messages loaded
 * so far in the hub's order, the ones sent and not yet confirmed (shown with a pending mark, sent
 * again after a reconnect under the same id, so the hub keeps exactly one), the members' read
 * marks and this client's unread count. The page's client turns its events into the page's.
 */
public final class ChatChannel {

    /** What the chat tells its page: an event ({@code message}, {@code edit}, {@code delete}, {@code reaction}, {@code read}). */
    public interface Listener {
        void chatEvent(String event, Map<String, Object> detail);
    }

    /** A request's outcome: the result's fields, or an error code and message. */
    public interface Answer extends Requests.Answer {
    }

    private static final int PAGE = 50;

    private final String name;
    private final String me;
    private final Requests requests;
    private final Listener listener;
    private final Numbered messages = new Numbered();
    private final Map<String, Map<String, Object>> pending = new LinkedHashMap<>();
    private final Map<String, Long> reads = new LinkedHashMap<>();
    private boolean more;
    private boolean refreshing;
    private int unread;
    private long myRead;

    ChatChannel(String name, String me, Requests requests, Listener listener) {
        this.name = name;
        this.me = me;
        this.requests = requests;
        this.listener = listener;
    }

    public String name() {
        return name;
    }

    /** The messages loaded, oldest first, then the pending ones (marked {@code pending: true}). */
    public List<Map<String, Object>> messages() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> message : messages.all()) {
            if (!Boolean.TRUE.equals(message.get("deleted"))) {
                out.add(message);
            }
        }
        out.addAll(pending.values());
        return out;
    }

    public int unread() {
        return unread;
    }

    /** Whether older messages than those loaded exist (see {@link #history}). */
    public boolean hasMore() {
        return more;
    }

    /** Each member's read mark: the {@code n} of the last message it read. */
    public Map<String, Long> reads() {
        return reads;
    }

    /**
     * Loads the latest page (on open and after every reconnect, so nothing missed while away is
     * missing); nothing when a load is already asked for and not answered (opened before the join).
     */
    void refresh() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        requests.send(seq -> request(seq, "history", fields("limit", (long) PAGE)), false, (fields, code, message) -> {
            refreshing = false;
            if (fields != null) {
                took(fields, true);
            }
        });
    }

    /** Sends {@code text} as message {@code id}: shown at once as pending, confirmed by the hub once stored. */
    public void send(String id, String text, long now, Answer answer) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", id);
        shown.put("author", me);
        shown.put("text", text);
        shown.put("at", now);
        shown.put("pending", true);
        pending.put(id, shown);
        listener.chatEvent("message", shown);
        requests.send(seq -> request(seq, "send", fields("id", id, "text", text)), true, (fields, code, message) -> {
            if (fields != null && fields.get("message") instanceof Map<?, ?> stored) {
                confirmed(Json.fields(stored));
            } else {
                pending.remove(id); // refused for good: the page hears why and the pending message goes
                listener.chatEvent("delete", shown);
            }
            answer.answered(fields, code, message);
        });
    }

    public void edit(String id, String text, Answer answer) {
        requests.send(seq -> request(seq, "edit", fields("id", id, "text", text)), false, merged(answer));
    }

    public void delete(String id, Answer answer) {
        requests.send(seq -> request(seq, "delete", fields("id", id)), false, merged(answer));
    }

    public void react(String id, String emoji, Answer answer) {
        requests.send(seq -> request(seq, "react", fields("id", id, "emoji", emoji)), false, merged(answer));
    }

    /** Marks every message up to {@code id} read: the unread count drops at once, the others see the mark. */
    public void markRead(String id, Answer answer) {
        for (Map<String, Object> message : messages.all()) {
            if (id.equals(message.get("id"))) {
                readUpTo(me, (Long) message.get("n"));
            }
        }
        requests.send(seq -> request(seq, "read", fields("id", id)), false, answer);
    }

    /** Loads the page before message {@code before} (null: the latest); the answer holds {@code messages}, {@code more}. */
    public void history(Long before, long limit, Answer answer) {
        requests.send(seq -> request(seq, "history", fields("before", before, "limit", limit)), false,
                (fields, code, message) -> {
                    if (fields != null) {
                        took(fields, before == null);
                    }
                    answer.answered(fields, code, message);
                });
    }

    /** Searches on the hub; {@code filters}: {@code from}, {@code since}, {@code until}, {@code limit}. */
    public void search(String query, Map<String, Object> filters, Answer answer) {
        Map<String, Object> fields = fields("query", query);
        fields.putAll(filters);
        requests.send(seq -> request(seq, "search", fields), false, answer);
    }

    /** A {@code chat-event} of this chat. */
    void receive(Map<String, Object> fields) {
        String event = Json.scalarText(fields.get("event"));
        if (event.equals("read")) {
            if (fields.get("clientId") instanceof String who && fields.get("n") instanceof Long n) {
                readUpTo(who, n);
                listener.chatEvent("read", fields);
            }
            return;
        }
        if (!(fields.get("message") instanceof Map<?, ?> raw) || !(raw.get("n") instanceof Long n)) {
            return;
        }
        Map<String, Object> message = Json.fields(raw);
        if (event.equals("message")) {
            if (messages.has(n)) {
                return; // already known (from a history page, or the answer to our own send)
            }
            boolean mine = pending.remove(Json.scalarText(message.get("id"))) != null;
            messages.put(message);
            if (!me.equals(message.get("author")) && n > myRead) {
                unread++;
            }
            listener.chatEvent(mine ? "confirmed" : "message", message);
            return;
        }
        Map<String, Object> known = messages.get(n);
        if (event.equals("delete") && known != null && !Boolean.TRUE.equals(known.get("deleted"))
                && !me.equals(known.get("author")) && n > myRead) {
            unread--;
        }
        messages.put(message);
        listener.chatEvent(event, message);
    }

    /** Our own message stored: it leaves the pending ones (if the relay did not take it already). */
    private void confirmed(Map<String, Object> stored) {
        if (stored.get("n") instanceof Long n && !messages.has(n)) {
            pending.remove(Json.scalarText(stored.get("id")));
            messages.put(stored);
            listener.chatEvent("confirmed", stored);
        }
    }

    private void readUpTo(String who, Long n) {
        if (n == null) {
            return;
        }
        Long before = reads.get(who);
        if (before == null || n > before) {
            reads.put(who, n);
        }
        if (who.equals(me) && n > myRead) {
            myRead = n;
            int count = 0;
            for (Map<String, Object> message : messages.after(n)) {
                if (!me.equals(message.get("author")) && !Boolean.TRUE.equals(message.get("deleted"))) {
                    count++;
                }
            }
            unread = count;
        }
    }

    /** A history page: its messages join those known; the latest page also brings the read marks and unread count. */
    private void took(Map<String, Object> fields, boolean latest) {
        if (fields.get("messages") instanceof List<?> page) {
            for (Object raw : page) {
                if (raw instanceof Map<?, ?> m && m.get("n") instanceof Long n) {
                    Map<String, Object> message = Json.fields(m);
                    pending.remove(Json.scalarText(message.get("id")));
                    messages.put(message);
                }
            }
            if (!latest || messages.size() <= page.size()) {
                more = Boolean.TRUE.equals(fields.get("more"));
            }
        }
        if (latest) {
            if (fields.get("reads") instanceof Map<?, ?> marks) {
                marks.forEach((who, n) -> {
                    if (n instanceof Long mark) {
                        readUpTo(Json.scalarText(who), mark);
                    }
                });
            }
            if (fields.get("unread") instanceof Long count) {
                unread = (int) (long) count;
            }
            listener.chatEvent("history", fields);
        }
    }

    /** An edit, delete or reaction answered: the stored message replaces ours at once (the relay repeats it). */
    private Answer merged(Answer answer) {
        return (fields, code, message) -> {
            if (fields != null && fields.get("message") instanceof Map<?, ?> stored && stored.get("n") instanceof Long n) {
                messages.put(Json.fields(stored));
            }
            answer.answered(fields, code, message);
        };
    }

    private Message request(long seq, String action, Map<String, Object> rest) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", seq);
        fields.put("chat", name);
        fields.put("action", action);
        rest.forEach((k, v) -> {
            if (v != null) {
                fields.put(k, v);
            }
        });
        return new Message.Chat("chat", fields);
    }

    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                out.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return out;
    }
}
