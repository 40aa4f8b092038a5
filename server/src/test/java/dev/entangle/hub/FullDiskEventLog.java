package dev.entangle.hub;

import dev.entangle.hub.store.AppendOutcome;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.EventLogException;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.List;

/** An event log whose disk is full: every append and snapshot fails. */
final class FullDiskEventLog implements EventLog {
    @Override
    public long lastPosition(String room) {
        return 0;
    }

    @Override
    public List<AppendOutcome> commit(List<Append> appends) {
        throw new EventLogException("disk full", null);
    }

    @Override
    public void snapshot(RoomSnapshot snapshot, long position) {
        throw new EventLogException("disk full", null);
    }

    @Override
    public void replay(Recovery into) {
    }

    @Override
    public void load(String room, Recovery into) {
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public String epoch() {
        return "failing";
    }

    @Override
    public void close() {
    }
}
