package dev.entangle.hub.feature.presence;

import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who is present in one room as this node knows it: each member's merged state, when it was last
 * active, its latest cursor, and the node it is connected to (its own members and the other nodes').
 *
 * <p>Guarded by its own monitor, not the room's: cursors and presence never wait behind a write to
 * disk. The room's lock may be held when taking it, never the other way round. It is also the room's
 * {@link Room.Part}, so other features read names from it ({@link PresenceFeature#nameOf}); but
 * presence alone never keeps a room: a member's departure is finished by {@link PresenceFeature}
 * even after the room is forgotten (the table outlives it, by the room's name).
 */
final class PresenceTable implements Room.Part {

    /** One member of the room, as the others see it. */
    static final class Member {
        final String clientId;
        Map<String, Object> state = Map.of();
        long lastActive;
        Map<String, Object> cursor;
        /** The node it is connected to; null: this one. */
        String node;
        /** Its live connection here; null when on another node or closed. */
        Connection connection;
        /** When its connection here closed (it is expected back within the presence timeout); 0 when not. */
        long closedAt;
        /** Whether the others have it in their lists (announced, and no {@code left} since). */
        boolean listed;

        Member(String clientId) {
            this.clientId = clientId;
        }

        boolean here() {
            return node == null;
        }

        Publication.PresenceState published(String room) {
            return new Publication.PresenceState(room, clientId, state, lastActive, cursor, false, null);
        }
    }

    final String room;
    /** Where presence and pointer frames for the members here wait to be relayed. */
    final Relays.Lane relays;
    private final Clock clock;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private volatile List<Connection> connectedHere = List.of();
    /** Dropped by the feature (no member here, the room no longer kept): a new table takes its place. */
    boolean retired;

    PresenceTable(String room, Clock clock, Relays relays) {
        this.room = room;
        this.clock = clock;
        this.relays = relays.lane(this);
    }

    synchronized Member member(String clientId) {
        return members.get(clientId);
    }

    /** The member connected here on {@code connection}, or null (it closed meanwhile). */
    synchronized Member memberOn(Connection connection) {
        Member m = members.get(connection.clientId());
        return m != null && m.connection == connection ? m : null;
    }

    synchronized List<Member> all() {
        return List.copyOf(members.values());
    }

    /**
     * The connections of the members connected here now: who the table's relays go to. Read without
     * the table's lock (a copy made at each join and leave), so a relay to 200 sockets never queues
     * behind the members' own frames taking it.
     */
    List<Connection> connectedHere() {
        return connectedHere;
    }

    /** Hold the table's lock: after any change of a member's connection. */
    private void connectionsChanged() {
        List<Connection> out = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.connection != null) {
                out.add(m.connection);
            }
        }
        connectedHere = List.copyOf(out);
    }

    synchronized boolean anyHere() {
        for (Member m : members.values()) {
            if (m.here()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code connection} joined here: the member is now connected here (back within the timeout, it
     * keeps its state and place in the list; moved from another node, too). Returns it.
     */
    synchronized Member joined(Connection connection, long now) {
        Member joined = members.compute(connection.clientId(), (id, m) -> {
            if (m == null) {
                m = new Member(id);
                m.lastActive = now;
            }
            m.node = null;
            m.connection = connection;
            m.closedAt = 0;
            return m;
        });
        connectionsChanged();
        return joined;
    }

    synchronized void remove(Member member) {
        members.remove(member.clientId, member);
    }

    /**
     * Its connection here closed (the room's lock is held): it is expected back within the presence
     * timeout; one already off the list (silent) is forgotten at once.
     */
    @Override
    public synchronized void memberLeft(String clientId) {
        Member m = members.get(clientId);
        if (m == null || !m.here()) {
            return;
        }
        m.connection = null;
        if (m.listed) {
            m.closedAt = clock.millis();
        } else {
            members.remove(clientId);
        }
        connectionsChanged();
    }

    /** Presence alone never keeps a room (see the class comment). */
    @Override
    public boolean isEmpty() {
        return true;
    }

    /**
     * What another node says of one of its members; returns whether the members here must hear it.
     * A member connected here is this node's to speak for; a {@code left} counts only from the node
     * the member is on (it may have moved here, or to a third node, meanwhile). A member that closed
     * here and turns up on another node is no longer expected back here: no {@code left} from here.
     */
    synchronized boolean applyRemote(Publication.PresenceState s) {
        Member m = members.get(s.clientId());
        if (m != null && m.here() && (m.connection != null || s.left())) {
            return false;
        }
        if (s.left()) {
            if (m == null || !m.node.equals(s.node())) {
                return false;
            }
            members.remove(s.clientId());
            return m.listed;
        }
        if (m == null) {
            m = new Member(s.clientId());
            members.put(s.clientId(), m);
        }
        boolean news = !m.listed || !m.state.equals(s.state()) || m.lastActive != s.lastActive()
                || !Objects.equals(m.cursor, s.cursor());
        m.node = s.node();
        m.closedAt = 0;
        m.state = s.state();
        m.lastActive = s.lastActive();
        m.cursor = s.cursor();
        m.listed = true;
        return news;
    }

    /** Another node's member moved its pointer; returns whether the members here must hear it. */
    synchronized boolean applyRemote(Publication.CursorMoved c) {
        Member m = members.get(c.clientId());
        if (m == null || m.here() || !m.node.equals(c.node())) {
            return false;
        }
        m.cursor = c.cursor();
        return m.listed;
    }

    /** Node {@code node} went silent: its members, taken off the table; those listed are returned (they left). */
    synchronized List<Member> forgetNode(String node) {
        List<Member> gone = new ArrayList<>();
        members.values().removeIf(m -> {
            boolean on = node.equals(m.node);
            if (on && m.listed) {
                gone.add(m);
            }
            return on;
        });
        return gone;
    }

    /** The {@code name} of a member's state, or null. */
    synchronized String nameOf(String clientId) {
        Member m = members.get(clientId);
        return m != null && m.state.get("name") instanceof String name ? name : null;
    }
}
