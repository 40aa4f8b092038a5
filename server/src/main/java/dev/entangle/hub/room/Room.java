package dev.entangle.hub.room;

import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.hub.doc.Sequencer;
import dev.entangle.hub.doc.TextDocument;
import dev.entangle.hub.entangle.EntanglementRegistry;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.RoomSnapshot;
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

    private final String name;
    private final Map<String, Connection> members = new LinkedHashMap<>();
    private final EntanglementRegistry entanglements = new EntanglementRegistry();
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, LatestValue> latest = new LinkedHashMap<>();
    private final Map<String, TextDocument> texts = new LinkedHashMap<>();
    private long lastPosition; // where the room's last event is in the event log
    private long eventsSinceSnapshot;

    public Room(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void join(Connection connection) {
        members.put(connection.clientId(), connection);
    }

    /** Removes a member and its bindings, unless a newer connection of the same client took its place. */
    public void leave(Connection connection) {
        if (members.remove(connection.clientId(), connection)) {
            entanglements.unbindAll(connection.clientId());
            for (TextDocument text : texts.values()) {
                text.followers().remove(connection.clientId());
            }
        }
    }

    /** No members and no state: the hub may forget the room (it comes back empty on the next join). */
    public boolean isEmpty() {
        return members.isEmpty() && latest.isEmpty() && texts.isEmpty();
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

    /** The sequence number the next accepted change of {@code selector} gets. */
    public long nextSeq(String selector) {
        return sequences.getOrDefault(selector, 0L) + 1;
    }

    /** Records an accepted change as {@code serverSeq} of its binding (given by {@link #nextSeq}, or by the log). */
    public void accept(MutationVector vector, long serverSeq, Target audience) {
        sequences.put(vector.selector(), serverSeq);
        latest.put(vector.key(), new LatestValue(vector, serverSeq, audience));
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
            docs.add(new RoomSnapshot.Doc(text.name(), text.sequencer().revision(), text.sequencer().text(), seen));
        }
        eventsSinceSnapshot = 0;
        return new RoomSnapshot(name, values, docs);
    }

    /** Takes the state a snapshot holds, taken after the event at {@code position} (at hub start, before anyone joins). */
    public void restore(RoomSnapshot snapshot, long position) {
        lastPosition = position;
        for (RoomSnapshot.Value v : snapshot.values()) {
            latest.put(v.vector().key(), new LatestValue(v.vector(), v.serverSeq(), v.audience()));
            sequences.merge(v.vector().selector(), v.serverSeq(), Math::max);
        }
        for (RoomSnapshot.Doc d : snapshot.docs()) {
            Map<String, Sequencer.Seen> seen = new HashMap<>();
            d.seen().forEach((author, s) -> seen.put(author, new Sequencer.Seen(s[0], s[1])));
            text(d.name()).restore(new Sequencer(d.revision(), d.text(), seen));
        }
    }

    /** The latest values of a binding that {@code clientId} is allowed to see. */
    public List<LatestValue> latestOf(String selector, String clientId) {
        List<LatestValue> out = new ArrayList<>();
        for (LatestValue value : latest.values()) {
            // A client's own values are included: after a reload its page starts from defaults again.
            boolean visible = value.audience().includes(clientId) || value.vector().source().equals(clientId);
            if (value.vector().selector().equals(selector) && visible) {
                out.add(value);
            }
        }
        return out;
    }
}
