package dev.entangle.hub;

import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.RoomSnapshot;
import dev.entangle.hub.store.SqliteEventLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stopped hub's SQLite event log holds, read back through the log's own replay (the way a
 * restarted hub reads it): the events oldest first, and the snapshots that replaced earlier ones.
 * Tests that prove durability compare what clients were told with this.
 */
final class LoggedEvents {
    /** One event and its position in the log. */
    record Logged(long position, Event event) {
    }

    final List<Logged> events = new ArrayList<>();
    final List<String> snapshottedRooms = new ArrayList<>();

    private LoggedEvents() {
    }

    /** Every room's events in {@code dataDirectory}'s log. Open it only once no hub writes to it. */
    static LoggedEvents in(Path dataDirectory) {
        LoggedEvents read = new LoggedEvents();
        try (SqliteEventLog log = SqliteEventLog.open(dataDirectory)) {
            log.replay(read.recovery());
        }
        return read;
    }

    /** {@code room}'s events only. */
    static LoggedEvents ofRoom(Path dataDirectory, String room) {
        LoggedEvents read = new LoggedEvents();
        try (SqliteEventLog log = SqliteEventLog.open(dataDirectory)) {
            log.load(room, read.recovery());
        }
        return read;
    }

    private EventLog.Recovery recovery() {
        return new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                snapshottedRooms.add(snapshot.room());
            }

            @Override
            public void apply(Event event, long position) {
                events.add(new Logged(position, event));
            }
        };
    }

    /** The accepted values of {@code selector} in {@code room}, in log order. */
    List<Event.ValueAccepted> values(String room, String selector) {
        List<Event.ValueAccepted> values = new ArrayList<>();
        for (Logged logged : events) {
            if (logged.event() instanceof Event.ValueAccepted v && v.room().equals(room)
                    && v.vector().selector().equals(selector)) {
                values.add(v);
            }
        }
        return values;
    }

    /** The committed operations of {@code doc} in {@code room}, in log order. */
    List<Event.TextCommitted> texts(String room, String doc) {
        List<Event.TextCommitted> texts = new ArrayList<>();
        for (Logged logged : events) {
            if (logged.event() instanceof Event.TextCommitted t && t.room().equals(room) && t.doc().equals(doc)) {
                texts.add(t);
            }
        }
        return texts;
    }
}
