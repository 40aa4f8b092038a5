package dev.entangle.core.multiplayer;

import dev.entangle.core.json.Json;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.session.Wire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who else is in the room and what they show of themselves (docs/MULTIPLAYER.md, "Presence"):
 * this client's own presence, sent merged into the hub's copy and whole again on every connection,
 * and the other members' as the hub relays them. After a reconnect the members already known stay
 * listed until the hub's list has had time to arrive ({@link #dropStale}), so the page sees no one
 * leave and come back.
 */
public final class PresenceTable {

    /** One other member as last heard: its merged state, when it was last active, its pointer. */
    public static final class Member {
        private final String clientId;
        private Map<String, Object> state = new LinkedHashMap<>();
        private long lastActive;
        private Map<String, Object> cursor;
        private boolean stale;

        Member(String clientId) {
            this.clientId = clientId;
        }

        public String clientId() {
            return clientId;
        }

        public Map<String, Object> state() {
            return state;
        }

        public long lastActive() {
            return lastActive;
        }

        /** {@code {area, x, y}}, or null when its pointer is over no area. */
        public Map<String, Object> cursor() {
            return cursor;
        }
    }

    private final Wire wire;
    private final Map<String, Object> me = new LinkedHashMap<>();
    private final Map<String, Member> others = new LinkedHashMap<>();

    PresenceTable(Wire wire) {
        this.wire = wire;
    }

    /** This client's presence as merged so far. */
    public Map<String, Object> me() {
        return me;
    }

    /** The other members, in the order they were first heard of. */
    public List<Member> others() {
        return new ArrayList<>(others.values());
    }

    public Member member(String clientId) {
        return others.get(clientId);
    }

    /**
     * Merges {@code changes} into this client's presence (a null value removes its key) and sends
     * them; {@code active}: the user's own doing (the hub then moves {@code lastActive}).
     */
    public void set(Map<String, Object> changes, boolean active) {
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (e.getValue() == null) {
                me.remove(e.getKey());
            } else {
                me.put(e.getKey(), e.getValue());
            }
        }
        if (wire.isOpen()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("state", new LinkedHashMap<>(changes));
            if (!active) {
                fields.put("active", false);
            }
            wire.send(new Message.Awareness("presence", fields));
        }
    }

    /** The pointer moved over {@code area} (fractions of its box), or left it ({@code x} null). */
    public void cursor(String area, Number x, Number y) {
        if (!wire.isOpen()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("area", area);
        if (x != null && y != null) {
            fields.put("x", x);
            fields.put("y", y);
        }
        wire.send(new Message.Awareness("cursor", fields));
    }

    /** Joined (again): the hub hears this client's whole presence; the members known are stale until heard again. */
    void joined() {
        for (Member member : others.values()) {
            member.stale = true;
        }
        if (!me.isEmpty()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("state", new LinkedHashMap<>(me));
            fields.put("active", false);
            wire.send(new Message.Awareness("presence", fields));
        }
    }

    /** Drops the members the hub did not list again since the last join; true when any was dropped. */
    public boolean dropStale() {
        return others.values().removeIf(member -> member.stale);
    }

    /**
     * A {@code presence} or {@code cursor} frame from the hub: returns the member it changed (null
     * when it changed nothing: a frame about this client, or a cursor of an unknown member).
     */
    Member receive(Message.Awareness frame) {
        Map<String, Object> fields = frame.fields();
        if (!(fields.get("clientId") instanceof String clientId)) {
            return null;
        }
        if (frame.type().equals("cursor")) {
            Member member = others.get(clientId);
            if (member != null) {
                member.cursor = cursorOf(fields);
            }
            return member;
        }
        if (Boolean.TRUE.equals(fields.get("left"))) {
            Member gone = others.remove(clientId);
            if (gone != null) {
                gone.cursor = null;
            }
            return gone;
        }
        Member member = others.computeIfAbsent(clientId, Member::new);
        member.stale = false;
        if (fields.get("state") instanceof Map<?, ?> state) {
            member.state = Json.fields(state);
        }
        if (fields.get("lastActive") instanceof Long lastActive) {
            member.lastActive = lastActive;
        }
        if (fields.containsKey("cursor")) {
            member.cursor = fields.get("cursor") instanceof Map<?, ?> c ? cursorOf(c) : null;
        }
        return member;
    }

    private static Map<String, Object> cursorOf(Map<?, ?> fields) {
        Object x = fields.get("x");
        Object y = fields.get("y");
        if (!(fields.get("area") instanceof String area) || !(x instanceof Number) || !(y instanceof Number)) {
            return null;
        }
        Map<String, Object> cursor = new LinkedHashMap<>();
        cursor.put("area", area);
        // As the frame gave them: a new Double here would bring TeaVM's double-to-text into the browser bundle.
        cursor.put("x", x);
        cursor.put("y", y);
        return cursor;
    }

    /** Whether {@code member} is still listed (a frame about it may have removed it). */
    public boolean isPresent(Member member) {
        return others.get(member.clientId) == member;
    }
}
