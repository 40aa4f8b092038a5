package dev.entangle.core.multiplayer;

import dev.entangle.core.json.Json;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.session.SessionPart;
import dev.entangle.core.session.Wire;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session's part for what people in a room see of each other: presence and cursors, the
 * chats it opened, the activity stream. It takes the hub's {@code presence}, {@code cursor},
 * {@code chat-*} and {@code activity-*} frames and the answers to its requests.
 */
public final class Multiplayer implements SessionPart {

    /** What the page's client hears. */
    public interface Listener extends ActivityFeed.Listener {
        /** A member's presence changed, joined or left ({@code member} no longer listed then). */
        void presence(PresenceTable.Member member);

        /** A member's pointer moved or left its area. */
        void cursor(PresenceTable.Member member);

        /** An event of chat {@code chat}. */
        void chatEvent(String chat, String event, Map<String, Object> detail);
    }

    private final String clientId;
    private final Requests requests;
    private final Listener listener;
    private final PresenceTable presence;
    private final Map<String, ChatChannel> chats = new LinkedHashMap<>();
    private ActivityFeed activity;

    public Multiplayer(String clientId, Wire wire, Listener listener) {
        this.clientId = clientId;
        this.requests = new Requests(wire);
        this.listener = listener;
        this.presence = new PresenceTable(wire);
    }

    public PresenceTable presence() {
        return presence;
    }

    /** Chat {@code name}, opened (its latest page asked for) on first use. */
    public ChatChannel chat(String name) {
        ChatChannel chat = chats.get(name);
        if (chat == null) {
            chat = new ChatChannel(name, clientId, requests, (event, detail) -> listener.chatEvent(name, event, detail));
            chats.put(name, chat);
            chat.refresh();
        }
        return chat;
    }

    /** The activity stream, its latest page asked for on first use. */
    public ActivityFeed activity() {
        if (activity == null) {
            activity = new ActivityFeed(requests, listener);
            activity.refresh();
        }
        return activity;
    }

    /** Joined (again): presence sent whole, chats and activity caught up, requests waiting sent. */
    @Override
    public void joined() {
        presence.joined();
        requests.retry();
        for (ChatChannel chat : chats.values()) {
            chat.refresh();
        }
        if (activity != null) {
            activity.refresh();
        }
    }

    @Override
    public void connectionLost() {
        requests.connectionLost();
    }

    /** After a backoff: sends again what the hub refused for now. */
    @Override
    public void retry() {
        requests.retry();
    }

    /** Whether a request refused for now waits for {@link #retry}. */
    @Override
    public boolean hasRetries() {
        return requests.hasWaiting();
    }

    /** A refusal of {@code seq}: true when it was one of its requests (whose caller hears it). */
    @Override
    public boolean refused(long seq, ErrorCode code, String message) {
        return requests.refused(seq, code, message);
    }

    /** One of its frames from the hub. */
    @Override
    public void receive(Message message) {
        if (message instanceof Message.Awareness awareness) {
            PresenceTable.Member member = presence.receive(awareness);
            if (member != null) {
                if (awareness.type().equals("cursor")) {
                    listener.cursor(member);
                } else {
                    listener.presence(member);
                }
            }
            return;
        }
        Map<String, Object> fields = message instanceof Message.Chat chat ? chat.fields()
                : ((Message.Activity) message).fields();
        String type = message instanceof Message.Chat chat ? chat.type() : ((Message.Activity) message).type();
        if (type.endsWith("-result")) {
            if (fields.get("seq") instanceof Long seq) {
                requests.answered(seq, fields);
            }
        } else if (type.equals("chat-event")) {
            ChatChannel chat = chats.get(Json.scalarText(fields.get("chat")));
            if (chat != null) {
                chat.receive(fields);
            }
        } else if (type.equals("activity-event") && activity != null) {
            activity.receive(fields);
        }
    }
}
