package dev.entangle.hub.room;

import dev.entangle.hub.entangle.EntanglementRegistry;
import dev.entangle.hub.session.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A room: its members, clients away within their grace period, their bindings, and where the room
 * stands in the event log. What each feature keeps of the room (values, ownership tokens, text
 * documents, the synchronised state) is that feature's {@link Part}, kept here by type. Every method
 * must be called holding the room's monitor, except {@link #membersNow}: the room is the unit of
 * ordering, and its {@link RoomPipeline} orders its changes.
 */
public final class Room {

    /**
     * What one feature keeps of a room, guarded by the room's lock. {@link #dropStaged} forgets what
     * the pipeline staged when a round's write failed.
     */
    public interface Part {
        /** No state worth keeping: the room may be forgotten (it comes back empty). */
        boolean isEmpty();

        /** {@code clientId} is no longer a member (it may still be away within its grace period). */
        default void memberLeft(String clientId) {
        }

        default void dropStaged() {
        }
    }

    /** How a member's departure ended. */
    public enum Departure {
        /** A newer connection of the same client had already taken its place: nothing changed. */
        REPLACED,
        /** It holds persistent bindings: they, and its ownership tokens, wait for it until the grace period ends. */
        AWAY,
        /** Gone, with its bindings. */
        LEFT
    }

    /** A client away within its grace period: until when, and the teams it had. */
    public record Away(long until, List<String> teams) {
    }

    private final String name;
    private final Map<String, Away> away = new HashMap<>();
    /** Clients back from away: until when the persistent bindings their new page has not made again are kept. */
    private final Map<String, Long> reclaimBy = new HashMap<>();
    private final Map<String, Connection> members = new LinkedHashMap<>();
    /** A member connected to another node: its teams, and that node. */
    private record Elsewhere(List<String> teams, String node) {
    }

    private final Map<String, Elsewhere> elsewhere = new HashMap<>(); // members of other nodes
    // The members as an immutable list, replaced on every join and leave: the ephemeral lane reads it
    // without the room's lock.
    private volatile List<Connection> memberView = List.of();
    private final EntanglementRegistry entanglements = new EntanglementRegistry();
    private final Map<Class<?>, Part> parts = new LinkedHashMap<>();
    private long lastPosition; // where the room's last event is in the event log
    private long eventsSinceSnapshot;
    private RoomPipeline pipeline;

    public Room(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The room's one order of changes (set once, when the hub takes the room up). */
    public RoomPipeline pipeline() {
        return pipeline;
    }

    public void attach(RoomPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The feature part of type {@code type}, made by {@code make} on first use. */
    public <P extends Part> P part(Class<P> type, Supplier<P> make) {
        return type.cast(parts.computeIfAbsent(type, t -> make.get()));
    }

    /** The part of type {@code type}, or null when its feature has kept nothing here yet. */
    public <P extends Part> P existingPart(Class<P> type) {
        return type.cast(parts.get(type));
    }

    /** Forgets everything the pipeline staged (its write failed). */
    public void dropStaged() {
        for (Part part : parts.values()) {
            part.dropStaged();
        }
    }

    /**
     * Adds a member; returns true when it comes back within its grace period, or moves here from
     * another node (its peers never saw it leave).
     */
    public boolean join(Connection connection) {
        members.put(connection.clientId(), connection);
        memberView = List.copyOf(members.values());
        Away was = away.remove(connection.clientId());
        if (was != null) {
            reclaimBy.put(connection.clientId(), was.until());
        }
        boolean movedHere = elsewhere.remove(connection.clientId()) != null;
        return was != null || movedHere;
    }

    /**
     * Removes a member, unless a newer connection of the same client took its place. Its text
     * documents and plain bindings go at once; with persistent bindings and a grace period it is
     * {@link Departure#AWAY} until {@code now + graceMillis}, else it has {@link Departure#LEFT}.
     */
    public Departure leave(Connection connection, long now, long graceMillis) {
        String clientId = connection.clientId();
        if (!members.remove(clientId, connection)) {
            return Departure.REPLACED;
        }
        memberView = List.copyOf(members.values());
        for (Part part : parts.values()) {
            part.memberLeft(clientId);
        }
        reclaimBy.remove(clientId);
        entanglements.unbindWhere(clientId, binding -> !binding.persistent() || graceMillis <= 0);
        if (entanglements.countOf(clientId) > 0) {
            away.put(clientId, new Away(now + graceMillis, connection.teams()));
            return Departure.AWAY;
        }
        return Departure.LEFT;
    }

    /** After a restart: {@code clientIds} (holders of tokens) are expected back until {@code until}. */
    public void expectBack(Collection<String> clientIds, long until) {
        for (String clientId : clientIds) {
            if (!members.containsKey(clientId)) {
                away.putIfAbsent(clientId, new Away(until, List.of()));
            }
        }
    }

    /**
     * Ends grace periods that are over at {@code now}: returns the clients that have left for good
     * (their bindings are gone; the caller lets their features release them and tells the room),
     * and drops the persistent bindings a client back from away did not make again in time.
     */
    public List<String> expire(long now) {
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, Away> entry : List.copyOf(away.entrySet())) {
            if (entry.getValue().until() <= now) {
                away.remove(entry.getKey());
                entanglements.unbindAll(entry.getKey());
                gone.add(entry.getKey());
            }
        }
        for (Map.Entry<String, Long> entry : List.copyOf(reclaimBy.entrySet())) {
            if (entry.getValue() <= now) {
                reclaimBy.remove(entry.getKey());
                Connection current = members.get(entry.getKey());
                String currentId = current == null ? null : current.id();
                entanglements.unbindWhere(entry.getKey(), b -> !Objects.equals(b.connectionId(), currentId));
            }
        }
        return gone;
    }

    /** The teams of a member, or of a client away: target resolution needs them. */
    public List<String> teamsOf(String clientId) {
        Connection member = members.get(clientId);
        if (member != null) {
            return member.teams();
        }
        Away a = away.get(clientId);
        if (a != null) {
            return a.teams();
        }
        Elsewhere e = elsewhere.get(clientId);
        return e == null ? List.of() : e.teams();
    }

    /**
     * {@code clientId}, a member connected to another node, joined with {@code teams} (null: it left):
     * kept for resolving targets of its changes here and for introducing it to members who join
     * here; returns whether that changed anything. Hold the lock.
     */
    public boolean elsewhere(String clientId, List<String> teams, String node) {
        if (members.containsKey(clientId)) {
            return false;
        }
        if (teams == null) {
            return elsewhere.remove(clientId) != null;
        }
        return elsewhere.put(clientId, new Elsewhere(List.copyOf(teams), node)) == null;
    }

    /** The members known to be on {@code node}, taken off the list (that node is gone). Hold the lock. */
    public List<String> forgetNode(String node) {
        List<String> gone = new ArrayList<>();
        elsewhere.entrySet().removeIf(e -> {
            boolean on = e.getValue().node().equals(node);
            if (on) {
                gone.add(e.getKey());
            }
            return on;
        });
        return gone;
    }

    /** {@code clientId}, away here, turned up on another node: it is no longer expected back here. Hold the lock. */
    public boolean backElsewhere(String clientId) {
        return away.remove(clientId) != null;
    }

    /** The members of other nodes known here, with their teams. Hold the lock. */
    public Map<String, List<String>> elsewhere() {
        Map<String, List<String>> teams = new HashMap<>();
        elsewhere.forEach((clientId, e) -> teams.put(clientId, e.teams()));
        return teams;
    }

    /**
     * The members now, as a copy: sending to one may close it (its queue is full), and a close
     * makes it leave the room while the caller is still going through the others.
     */
    public Collection<Connection> members() {
        return List.copyOf(members.values());
    }

    /** The members as of the last join or leave; safe to call without the room's lock. */
    public List<Connection> membersNow() {
        return memberView;
    }

    /** Clients away within their grace period. */
    public Collection<String> awayClients() {
        return away.keySet();
    }

    public Connection member(String clientId) {
        return members.get(clientId);
    }

    public EntanglementRegistry entanglements() {
        return entanglements;
    }

    /** No members, nobody away, no feature state and nothing in the pipeline: the hub may forget the room. */
    public boolean isEmpty() {
        if ((pipeline != null && !pipeline.idle()) || !members.isEmpty() || !away.isEmpty()) {
            return false;
        }
        for (Part part : parts.values()) {
            if (!part.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Notes that the room's latest event (appended, or replayed at start) is at {@code position} of the event log. */
    public void logged(long position) {
        lastPosition = position;
        eventsSinceSnapshot++;
    }

    /** A snapshot taken after the event at {@code position} replaces the events before it. */
    public void snapshotAt(long position) {
        lastPosition = Math.max(lastPosition, position);
        eventsSinceSnapshot = 0;
    }

    public long lastPosition() {
        return lastPosition;
    }

    public long eventsSinceSnapshot() {
        return eventsSinceSnapshot;
    }
}
