package dev.entangle.hub.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Events in a list: for tests and for hubs that may forget everything when they stop. */
public final class MemoryEventLog implements EventLog {
    private final List<Event> events = new ArrayList<>();
    private final String epoch = UUID.randomUUID().toString();

    @Override
    public synchronized void append(Event event) {
        events.add(event);
    }

    @Override
    public synchronized void replay(Consumer<Event> into) {
        List.copyOf(events).forEach(into);
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
