package dev.entangle.hub.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events in a list: for tests and for hubs that may forget everything when they stop. */
public final class MemoryEventLog implements EventLog {
    private record Positioned(long position, Event event) {
    }

    private record Snapshot(RoomSnapshot state, long position) {
    }

    private final List<Positioned> events = new ArrayList<>();
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    /** Each room's last position: of its newest event, or of its snapshot when later. */
    private final Map<String, Long> lastPositions = new HashMap<>();
    private final String epoch = UUID.randomUUID().toString();
    private long next = 1;

    @Override
    public synchronized long lastPosition(String room) {
        return lastPositions.getOrDefault(room, 0L);
    }

    /** Nothing here can fail half-way (the appends were checked when made), so every call is all or nothing. */
    @Override
    public synchronized List<AppendOutcome> commit(List<Append> appends) {
        List<AppendOutcome> outcomes = new ArrayList<>(appends.size());
        for (Append append : appends) {
            long actual = lastPosition(append.room());
            if (append.checked() && actual != append.expectedLast()) {
                outcomes.add(new AppendOutcome.Conflicted(
                        new PositionConflict(append.room(), append.expectedLast(), actual)));
                continue;
            }
            for (Event event : append.events()) {
                events.add(new Positioned(next++, event));
            }
            lastPositions.put(append.room(), next - 1);
            outcomes.add(new AppendOutcome.Appended(next - 1));
        }
        return outcomes;
    }

    @Override
    public synchronized void snapshot(RoomSnapshot snapshot, long position) {
        snapshots.put(snapshot.room(), new Snapshot(snapshot, position));
        events.removeIf(e -> e.event().room().equals(snapshot.room()) && e.position() <= position);
        lastPositions.merge(snapshot.room(), position, Math::max);
    }

    @Override
    public synchronized void replay(Recovery into) {
        snapshots.values().forEach(s -> into.restore(s.state(), s.position()));
        List.copyOf(events).forEach(e -> into.apply(e.event(), e.position()));
    }

    @Override
    public synchronized void load(String room, Recovery into) {
        Snapshot snapshot = snapshots.get(room);
        if (snapshot != null) {
            into.restore(snapshot.state(), snapshot.position());
        }
        for (Positioned e : List.copyOf(events)) {
            if (e.event().room().equals(room)) {
                into.apply(e.event(), e.position());
            }
        }
    }

    @Override
    public synchronized long size() {
        return events.size();
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public void close() {
    }
}
