package dev.entangle.hub.room;

import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.hub.doc.Sequencer;
import dev.entangle.hub.doc.TextDocument;
import dev.entangle.hub.entangle.Binding;
import dev.entangle.hub.entangle.EntanglementRegistry;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.RoomSnapshot;
import dev.entangle.hub.sync.SyncRoom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room: its members, their bindings, one sequence per binding (selector), and the latest value
 * of every bound value so that a window opened later starts where the others are. Every method
 * must be called holding the room's monitor: the room is the unit of ordering.
 */
public final class Room {

    /** The latest accepted value of one key, with its place in the binding's order and its audience. */
    public record LatestValue(MutationVector vector, long serverSeq, Target audience) {
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
    /** Owned bindings: selector → the client holding the ownership token, or null for nobody. */
    private final Map<String, String> owners = new LinkedHashMap<>();
    private final Map<String, Connection> members = new LinkedHashMap<>();
    // The members as an immutable list, replaced on every join and leave: the ephemeral lane reads it
    // without the room's lock, which may be held across a write to the event log.
    private volatile List<Connection> memberView = List.of();
    private final EntanglementRegistry entanglements = new EntanglementRegistry();
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, LatestValue> latest = new LinkedHashMap<>();
    private final Map<String, TextDocument> texts = new LinkedHashMap<>();
    private SyncRoom sync;
    private long lastPosition; // where the room's last event is in the event log
    private long eventsSinceSnapshot;
    // Staged in the room's pipeline, not yet durable: later changes' checks see these, readers do not.
    private final Map<String, Long> stagedSeqs = new HashMap<>();
    private final java.util.Set<String> stagedKeys = new java.util.HashSet<>();
    private final Map<String, String> stagedOwners = new HashMap<>();
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

    /** Adds a member; returns true when it comes back within its grace period (its peers never saw it leave). */
    public boolean join(Connection connection) {
        members.put(connection.clientId(), connection);
        memberView = List.copyOf(members.values());
        Away was = away.remove(connection.clientId());
        if (was != null) {
            reclaimBy.put(connection.clientId(), was.until());
        }
        return was != null;
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
        for (TextDocument text : texts.values()) {
            text.followers().remove(clientId);
        }
        reclaimBy.remove(clientId);
        entanglements.unbindWhere(clientId, binding -> !binding.persistent() || graceMillis <= 0);
        if (entanglements.countOf(clientId) > 0) {
            away.put(clientId, new Away(now + graceMillis, connection.teams()));
            return Departure.AWAY;
        }
        return Departure.LEFT;
    }

    /** After a restart: owners are expected back until {@code until}, else their tokens are released. */
    public void expectOwnersBack(long until) {
        for (String owner : owners.values()) {
            if (owner != null && !members.containsKey(owner)) {
                away.putIfAbsent(owner, new Away(until, List.of()));
            }
        }
    }

    /**
     * Ends grace periods that are over at {@code now}: returns the clients that have left for good
     * (their bindings are gone; the caller releases their tokens and tells the room), and drops the
     * persistent bindings a client back from away did not make again in time.
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
                entanglements.unbindWhere(entry.getKey(), b -> !java.util.Objects.equals(b.connectionId(), currentId));
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
        return a == null ? List.of() : a.teams();
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

    /** Whether {@code selector} is owned (one writer at a time). */
    public boolean isOwned(String selector) {
        return owners.containsKey(selector);
    }

    /** Who holds the ownership token of {@code selector}, or null (nobody, or not owned). */
    public String ownerOf(String selector) {
        return owners.get(selector);
    }

    public void setOwner(String selector, String owner) {
        owners.put(selector, owner);
        if (stagedOwners.containsKey(selector) && java.util.Objects.equals(stagedOwners.get(selector), owner)) {
            stagedOwners.remove(selector);
        }
    }

    /** The owned selectors whose token {@code clientId} holds. */
    public List<String> ownedBy(String clientId) {
        List<String> out = new ArrayList<>();
        owners.forEach((selector, owner) -> {
            if (clientId.equals(owner)) {
                out.add(selector);
            }
        });
        return out;
    }

    /** No members and no state: the hub may forget the room (it comes back empty on the next join). */
    public boolean isEmpty() {
        return (pipeline == null || pipeline.idle()) && members.isEmpty() && away.isEmpty() && latest.isEmpty() && texts.isEmpty() && owners.isEmpty()
                && (sync == null || sync.isEmpty());
    }

    /** The room's synchronised state of named operations (made on first use, keeping {@code history} changes). */
    public SyncRoom sync(int history) {
        if (sync == null) {
            sync = new SyncRoom(name, history);
        }
        return sync;
    }

    public Connection member(String clientId) {
        return members.get(clientId);
    }

    public EntanglementRegistry entanglements() {
        return entanglements;
    }

    /** The text document {@code name}, created empty on first use. */
    public TextDocument text(String name) {
        return texts.computeIfAbsent(name, TextDocument::new);
    }

    public Collection<TextDocument> texts() {
        return texts.values();
    }

    /** The text document {@code name}, or null when nobody opened it yet (nothing is created). */
    public TextDocument existingText(String name) {
        return texts.get(name);
    }

    /** How many documents {@code clientId} follows here. */
    public int documentsFollowedBy(String clientId) {
        int count = 0;
        for (TextDocument text : texts.values()) {
            if (text.followers().contains(clientId)) {
                count++;
            }
        }
        return count;
    }

    /** How many bound values (selector, kind, name) the room keeps. */
    public int valueCount() {
        return latest.size();
    }

    public boolean hasValue(String key) {
        return latest.containsKey(key);
    }

    /** The sequence number the next accepted change of {@code selector} gets, after those staged. */
    public long nextSeq(String selector) {
        Long staged = stagedSeqs.get(selector);
        return (staged != null ? staged : sequences.getOrDefault(selector, 0L)) + 1;
    }

    /** Holds {@code serverSeq} of {@code key} for a staged change: the next one of its binding follows it. */
    public void stageValue(String selector, String key, long serverSeq) {
        stagedSeqs.put(selector, serverSeq);
        if (!latest.containsKey(key)) {
            stagedKeys.add(key);
        }
    }

    /** How many new keys staged changes add (counted against the room's value limit). */
    public int stagedNewKeys() {
        return stagedKeys.size();
    }

    public boolean hasStagedKey(String key) {
        return stagedKeys.contains(key);
    }

    /** Records an accepted change as {@code serverSeq} of its binding (given by {@link #nextSeq}, or by the log). */
    public void accept(MutationVector vector, long serverSeq, Target audience) {
        sequences.put(vector.selector(), serverSeq);
        latest.put(vector.key(), new LatestValue(vector, serverSeq, audience));
        stagedKeys.remove(vector.key());
        if (stagedSeqs.getOrDefault(vector.selector(), -1L) <= serverSeq) {
            stagedSeqs.remove(vector.selector());
        }
    }

    /** Forgets everything staged (its write failed). */
    public void dropStaged() {
        stagedSeqs.clear();
        stagedKeys.clear();
        stagedOwners.clear();
    }

    /** Holds an ownership move until it is durable: later changes are checked against it. */
    public void stageOwner(String selector, String owner) {
        stagedOwners.put(selector, owner);
    }

    /** Who holds {@code selector}'s token for checking a change: the staged holder, else the durable one. */
    public String ownerForChecks(String selector) {
        return stagedOwners.containsKey(selector) ? stagedOwners.get(selector) : owners.get(selector);
    }

    /** Notes that the room's latest event (appended, or replayed at start) is at {@code position} of the event log. */
    public void logged(long position) {
        lastPosition = position;
        eventsSinceSnapshot++;
    }

    public long lastPosition() {
        return lastPosition;
    }

    public long eventsSinceSnapshot() {
        return eventsSinceSnapshot;
    }

    /** The room's state for the event log; the caller records where in the log it stands. */
    public RoomSnapshot snapshot() {
        List<RoomSnapshot.Value> values = new ArrayList<>();
        for (LatestValue v : latest.values()) {
            values.add(new RoomSnapshot.Value(v.vector(), v.serverSeq(), v.audience()));
        }
        List<RoomSnapshot.Doc> docs = new ArrayList<>();
        for (TextDocument text : texts.values()) {
            Map<String, long[]> seen = new LinkedHashMap<>();
            text.sequencer().seen().forEach((author, s) -> seen.put(author, new long[] {s.clientSeq(), s.revision()}));
            List<RoomSnapshot.Commit> recent = new ArrayList<>();
            for (Sequencer.Recent r : text.sequencer().recent()) {
                Sequencer.Commit c = r.commit();
                recent.add(new RoomSnapshot.Commit(c.revision(), c.author(), c.clientSeq(), c.operation(), r.appliedAt()));
            }
            docs.add(new RoomSnapshot.Doc(text.name(), text.sequencer().revision(), text.sequencer().text(), seen,
                    recent));
        }
        eventsSinceSnapshot = 0;
        Map<String, String> ownerTable = new LinkedHashMap<>();
        owners.forEach((selector, owner) -> ownerTable.put(selector, owner == null ? "" : owner));
        return new RoomSnapshot(name, values, docs, ownerTable, sync == null || sync.isEmpty() ? null : sync.toJson());
    }

    /** Takes the state a snapshot holds, taken after the event at {@code position} (at hub start, before anyone joins). */
    public void restore(RoomSnapshot snapshot, long position, int syncHistory) {
        lastPosition = position;
        if (snapshot.sync() != null) {
            sync(syncHistory).restore(snapshot.sync());
        }
        for (RoomSnapshot.Value v : snapshot.values()) {
            latest.put(v.vector().key(), new LatestValue(v.vector(), v.serverSeq(), v.audience()));
            sequences.merge(v.vector().selector(), v.serverSeq(), Math::max);
        }
        snapshot.owners().forEach((selector, owner) -> owners.put(selector, owner.isEmpty() ? null : owner));
        for (RoomSnapshot.Doc d : snapshot.docs()) {
            Map<String, Sequencer.Seen> seen = new HashMap<>();
            d.seen().forEach((author, s) -> seen.put(author, new Sequencer.Seen(s[0], s[1])));
            List<Sequencer.Recent> recent = new ArrayList<>();
            for (RoomSnapshot.Commit c : d.recent()) {
                recent.add(new Sequencer.Recent(new Sequencer.Commit(c.revision(), c.author(), c.clientSeq(), c.operation()),
                        c.appliedAt()));
            }
            text(d.name()).restore(new Sequencer(d.revision(), d.text(), seen, recent));
        }
    }

    /**
     * The latest values of {@code binding}'s selector that its client may see: sent to it, from a
     * client its own target includes, and passing its attribute filter.
     */
    public List<LatestValue> latestFor(Binding binding) {
        List<LatestValue> out = new ArrayList<>();
        List<String> teams = teamsOf(binding.clientId());
        for (LatestValue value : latest.values()) {
            MutationVector vector = value.vector();
            if (!vector.selector().equals(binding.selector()) || !binding.filter().permits(vector)) {
                continue;
            }
            String source = vector.source();
            // A client's own values are included: after a reload its page starts from defaults again.
            boolean visible = source.equals(binding.clientId())
                    || (value.audience().includes(binding.clientId(), teams)
                            && binding.to().includes(source, teamsOf(source)));
            if (visible) {
                out.add(value);
            }
        }
        return out;
    }

    /** The latest value of {@code selector}: the one its most recently accepted change set (null when none). */
    public LatestValue newestOf(String selector) {
        LatestValue newest = null;
        for (LatestValue value : latest.values()) {
            if (value.vector().selector().equals(selector) && (newest == null || value.serverSeq() > newest.serverSeq())) {
                newest = value;
            }
        }
        return newest;
    }

    /** The room's synchronised state, or null when no named operation ran here yet (nothing is made). */
    public SyncRoom existingSync() {
        return sync;
    }
}
