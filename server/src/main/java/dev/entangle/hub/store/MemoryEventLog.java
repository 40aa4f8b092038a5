package dev.entangle.hub.store;

import java.util.ArrayList;
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
    private final String epoch = UUID.randomUUID().toString();
    private long next = 1;

    @Override
    public synchronized long append(Event event) {
        events.add(new Positioned(next, event));
        return next++;
    }

    @Override
    public synchronized void snapshot(RoomSnapshot snapshot, long position) {
        snapshots.put(snapshot.room(), new Snapshot(snapshot, position));
        events.removeIf(e -> e.event().room().equals(snapshot.room()) && e.position() <= position);
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
