package dev.entangle.hub.feature.presence;

import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.backplane.Backplane;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.Event;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * Presence and live cursors (docs/MULTIPLAYER.md): who is in the room, each member's merged state,
 * when it was last active and where its pointer is. Never logged; relayed on the ephemeral lane
 * (encoded once, coalesced per sender: one key for its presence, one for its cursor), outside the
 * room's order and lock, by the room's {@link Relays.Lane}: what moved in an interval goes to each
 * member in one write. Each room's {@link PresenceTable} is guarded by its own lock; everything
 * published about a member is published, and handed to the lane, holding it (but its pointer moves,
 * published by the thread of its own frames, one at a time), so every node and every member hears a
 * member's changes in the order they were made.
 *
 * <p>No ghosts: a member whose connection closed and that is not back within the presence timeout,
 * or that has sent nothing (pings included) for that long, is {@code left} for everyone
 * ({@link #check}); a member of a node that went silent is {@code left} at once ({@link #nodeGone}).
 */
public final class PresenceFeature implements Feature {
    private final Replies replies;
    private final Backplane backplane;
    private final Clock clock;
    private final long timeoutMillis;
    private final Relays relays;
    /** By room name: a table outlives its room being forgotten until its members' departures are told. */
    private final Map<String, PresenceTable> tables = new ConcurrentHashMap<>();

    /**
     * {@code relayPool} relays presence and pointers at most every {@code intervalMillis}; null: each
     * at once, on the thread that brings it (the interval unused).
     */
    public PresenceFeature(Replies replies, Backplane backplane, Clock clock, long timeoutMillis,
            long intervalMillis, ScheduledExecutorService relayPool) {
        this.replies = replies;
        this.backplane = backplane;
        this.clock = clock;
        this.timeoutMillis = timeoutMillis;
        this.relays = new Relays(intervalMillis, relayPool);
    }

    /**
     * The {@code name} in the presence state of {@code clientId}, a member of {@code room} (on any
     * node), or null when it set none. Hold the room's lock.
     */
    public static String nameOf(Room room, String clientId) {
        PresenceTable table = room.existingPart(PresenceTable.class);
        return table == null ? null : table.nameOf(clientId);
    }

    @Override
    public Set<Class<? extends Message>> messages() {
        return Set.of(Message.Awareness.class);
    }

    @Override
    public void handle(Connection connection, Room room, Message message) {
        Message.Awareness awareness = (Message.Awareness) message;
        try {
            if (awareness.type().equals("presence")) {
                changePresence(connection, room.name(), AwarenessRules.presence(awareness.fields()));
            } else {
                moveCursor(connection, room.name(), AwarenessRules.cursor(awareness.fields()));
            }
        } catch (AwarenessRules.Refusal refusal) {
            replies.refuse(connection, refusal.code, refusal.getMessage(), null);
        }
    }

    private void changePresence(Connection connection, String room, AwarenessRules.PresenceChange change)
            throws AwarenessRules.Refusal {
        PresenceTable table = tables.get(room);
        if (table == null) {
            return;
        }
        synchronized (table) {
            PresenceTable.Member m = table.memberOn(connection);
            if (m == null) {
                return; // its connection closed meanwhile
            }
            Map<String, Object> state = AwarenessRules.merge(m.state, change.state());
            long lastActive = change.active() ? clock.millis() : m.lastActive;
            boolean news = !m.listed || !state.equals(m.state) || lastActive != m.lastActive;
            m.state = state;
            m.lastActive = lastActive;
            m.listed = true; // a member taken as gone that speaks again is announced again
            if (news) {
                backplane.publish(m.published(room));
            }
        }
    }

    private void moveCursor(Connection connection, String room, Map<String, Object> cursor) {
        PresenceTable table = tables.get(room);
        if (table == null) {
            return;
        }
        synchronized (table) {
            PresenceTable.Member m = table.memberOn(connection);
            if (m == null) {
                return;
            }
            m.cursor = cursor;
            if (!m.listed) {
                m.listed = true;
                backplane.publish(m.published(room)); // the others had it as gone: its presence first
            }
        }
        // Outside the table's lock, which 200 members' pointers take 4,000 times a second: a member's
        // own frames come one at a time, so its pointers are still published in order, after the
        // presence above; and it was just heard, so the presence check publishes no departure meanwhile.
        backplane.publish(new Publication.CursorMoved(room, connection.clientId(), cursor, null));
    }

    @Override
    public boolean replay(Room room, Event event) {
        return false;
    }

    /**
     * A member joined here (after its {@code welcome}; the room's lock held): it gets one
     * {@code presence} frame for every other member present, on every node, and the others get its
     * presence unless they have it still (back within the timeout: no flicker).
     */
    @Override
    public void joined(Room room, Connection member, boolean back) {
        while (true) {
            PresenceTable table = tables.computeIfAbsent(room.name(), name -> new PresenceTable(name, clock, relays));
            synchronized (table) {
                if (table.retired) {
                    continue;
                }
                room.part(PresenceTable.class, () -> table);
                if (!table.anyHere() && backplane.shared()) {
                    // The answers to the roster asked when the room was taken up may have come before the room
                    // was kept here, and been dropped: asked again now, they find it.
                    backplane.askRoster(room.name());
                }
                PresenceTable.Member before = table.member(member.clientId());
                boolean movedHere = before != null && !before.here();
                PresenceTable.Member m = table.joined(member, clock.millis());
                if (!m.listed) {
                    m.listed = true;
                    backplane.publish(m.published(room.name()));
                } else if (movedHere) { // moved here from another node: that node stops expecting it back, silently
                    backplane.announce(m.published(room.name()));
                }
                for (PresenceTable.Member other : table.all()) {
                    if (other != m && other.listed) {
                        member.sendEphemeral(presenceKey(other.clientId), presenceFrame(other.clientId, other.state,
                                other.lastActive, other.cursor));
                    }
                }
                return;
            }
        }
    }

    /** Delivers presence and cursors to the members here, without the room's lock; another node's are recorded first. */
    @Override
    public boolean deliver(Room room, Publication publication) {
        if (publication instanceof Publication.PresenceState s) {
            PresenceTable table = s.node() == null ? tables.get(room.name()) : liveTable(room.name());
            if (table != null) {
                synchronized (table) {
                    if (s.node() == null || table.applyRemote(s)) {
                        relay(table, s.clientId(), presenceKey(s.clientId()), s.left() ? leftFrame(s.clientId())
                                : presenceFrame(s.clientId(), s.state(), s.lastActive(), s.cursor()));
                    }
                }
            }
            return true;
        }
        if (publication instanceof Publication.CursorMoved c) {
            PresenceTable table = tables.get(room.name());
            if (table == null) {
                return true;
            }
            String frame = cursorFrame(c.clientId(), c.cursor());
            if (c.node() == null) {
                relay(table, c.clientId(), cursorKey(c.clientId()), frame); // in order: see moveCursor
                return true;
            }
            synchronized (table) {
                if (table.applyRemote(c)) {
                    relay(table, c.clientId(), cursorKey(c.clientId()), frame);
                }
            }
            return true;
        }
        return false;
    }

    /** The room's table, made if needed (not one being retired). */
    private PresenceTable liveTable(String room) {
        while (true) {
            PresenceTable table = tables.computeIfAbsent(room, name -> new PresenceTable(name, clock, relays));
            synchronized (table) {
                if (!table.retired) {
                    return table;
                }
            }
        }
    }

    /**
     * Sends {@code frame} about {@code origin} to the members connected here, but {@code origin}.
     * Hold the table's lock, or be the thread of {@code origin}'s own frames (see {@link #moveCursor}).
     */
    private void relay(PresenceTable table, String origin, String coalesceKey, String frame) {
        table.relays.add(origin, coalesceKey, frame);
    }

    /**
     * No ghosts, at {@code now}: a member whose connection closed the presence timeout ago, or silent
     * that long though connected, is {@code left} for everyone; a silent one heard again is announced
     * again. Tables with no member here whose room is no longer {@code kept} are dropped. Called every
     * fraction of a heartbeat (see {@code HubConfig.presenceCheckMillis}).
     */
    public void check(Predicate<String> kept, long now) {
        for (PresenceTable table : tables.values()) {
            synchronized (table) {
                for (PresenceTable.Member m : table.all()) {
                    if (!m.here()) {
                        continue;
                    }
                    if (m.connection == null) {
                        if (now - m.closedAt >= timeoutMillis) {
                            table.remove(m);
                            backplane.publish(Publication.PresenceState.left(table.room, m.clientId));
                        }
                    } else {
                        boolean silent = now - m.connection.lastHeard() >= timeoutMillis;
                        if (m.listed && silent) {
                            m.listed = false;
                            backplane.publish(Publication.PresenceState.left(table.room, m.clientId));
                        } else if (!m.listed && !silent) {
                            m.listed = true;
                            backplane.publish(m.published(table.room));
                        }
                    }
                }
                if (!table.anyHere() && !kept.test(table.room)) {
                    table.retired = true;
                    tables.remove(table.room, table);
                }
            }
        }
    }

    /** Another node took up {@code room} and asks who is in it: this node's members' presence is announced to it. */
    public void roster(String room) {
        PresenceTable table = tables.get(room);
        if (table == null) {
            return;
        }
        synchronized (table) {
            for (PresenceTable.Member m : table.all()) {
                if (m.here() && m.listed) {
                    backplane.announce(m.published(room));
                }
            }
        }
    }

    /**
     * A node taken as gone is heard again: besides asking who is on it, this node tells it who is here
     * (its question may have been lost while this node's subscription was coming back).
     */
    public void nodeBack() {
        for (PresenceTable table : tables.values()) {
            roster(table.room);
        }
    }

    /** Node {@code node} went silent: its members are {@code left} for the members here, at once. */
    public void nodeGone(String node) {
        for (PresenceTable table : tables.values()) {
            synchronized (table) {
                for (PresenceTable.Member gone : table.forgetNode(node)) {
                    relay(table, gone.clientId, presenceKey(gone.clientId), leftFrame(gone.clientId));
                }
            }
        }
    }

    // A left frame shares the presence key, so it supersedes a presence of its sender still waiting.
    // '#' is in no identifier: these keys never meet the ephemeral lane's (sender and key).
    private static String presenceKey(String clientId) {
        return clientId + "\n#presence";
    }

    private static String cursorKey(String clientId) {
        return clientId + "\n#cursor";
    }

    private static String presenceFrame(String clientId, Map<String, Object> state, long lastActive,
            Map<String, Object> cursor) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("clientId", clientId);
        fields.put("state", state);
        fields.put("lastActive", lastActive);
        if (cursor != null) {
            fields.put("cursor", cursor);
        }
        return MessageCodec.encode(new Message.Awareness("presence", fields));
    }

    private static String leftFrame(String clientId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("clientId", clientId);
        fields.put("left", true);
        return MessageCodec.encode(new Message.Awareness("presence", fields));
    }

    private static String cursorFrame(String clientId, Map<String, Object> cursor) {
        Map<String, Object> fields = new LinkedHashMap<>(cursor);
        fields.put("clientId", clientId);
        return MessageCodec.encode(new Message.Awareness("cursor", fields));
    }
}
