package dev.entangle.hub.feature.values;

import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.hub.entangle.Binding;
import dev.entangle.hub.room.Room;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room's bound values: one sequence per binding (selector), and the latest value of every key, so
 * that a window opened later starts where the others are; and what the room's pipeline has staged
 * and not yet made durable, which later changes' checks see and readers do not. Guarded by the
 * room's lock.
 */
public final class ValueTable implements Room.Part {

    /** The latest accepted value of one key, with its place in the binding's order and its audience. */
    public record LatestValue(MutationVector vector, long serverSeq, Target audience) {
    }

    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, LatestValue> latest = new LinkedHashMap<>();
    private final Map<String, Long> stagedSeqs = new HashMap<>();
    private final Set<String> stagedKeys = new HashSet<>();

    /** The sequence number the next accepted change of {@code selector} gets, after those staged. */
    public long nextSeq(String selector) {
        Long staged = stagedSeqs.get(selector);
        return (staged != null ? staged : sequences.getOrDefault(selector, 0L)) + 1;
    }

    /** Holds {@code serverSeq} of {@code key} for a staged change: the next one of its binding follows it. */
    public void stage(String selector, String key, long serverSeq) {
        stagedSeqs.put(selector, serverSeq);
        if (!latest.containsKey(key)) {
            stagedKeys.add(key);
        }
    }

    /** Whether {@code key} has a value, durable or staged. */
    public boolean holds(String key) {
        return latest.containsKey(key) || stagedKeys.contains(key);
    }

    /** How many keys the room keeps, counting those staged changes add. */
    public int count() {
        return latest.size() + stagedKeys.size();
    }

    /** Records an accepted change as {@code serverSeq} of its binding (durable now, or read back from the log). */
    public void accept(MutationVector vector, long serverSeq, Target audience) {
        sequences.merge(vector.selector(), serverSeq, Math::max); // a snapshot lists keys, not in order
        latest.put(vector.key(), new LatestValue(vector, serverSeq, audience));
        stagedKeys.remove(vector.key());
        if (stagedSeqs.getOrDefault(vector.selector(), -1L) <= serverSeq) {
            stagedSeqs.remove(vector.selector());
        }
    }

    @Override
    public void dropStaged() {
        stagedSeqs.clear();
        stagedKeys.clear();
    }

    @Override
    public boolean isEmpty() {
        return latest.isEmpty();
    }

    public List<LatestValue> all() {
        return List.copyOf(latest.values());
    }

    /**
     * The latest values of {@code binding}'s selector that its client may see: sent to it, from a
     * client its own target includes, and passing its attribute filter.
     */
    public List<LatestValue> latestFor(Room room, Binding binding) {
        List<LatestValue> out = new ArrayList<>();
        List<String> teams = room.teamsOf(binding.clientId());
        for (LatestValue value : latest.values()) {
            MutationVector vector = value.vector();
            if (!vector.selector().equals(binding.selector()) || !binding.filter().permits(vector)) {
                continue;
            }
            String source = vector.source();
            // A client's own values are included: after a reload its page starts from defaults again.
            boolean visible = source.equals(binding.clientId())
                    || (value.audience().includes(binding.clientId(), teams)
                            && binding.to().includes(source, room.teamsOf(source)));
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
}
