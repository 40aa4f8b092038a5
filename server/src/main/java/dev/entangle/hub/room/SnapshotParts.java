package dev.entangle.hub.room;

import dev.entangle.hub.store.RoomSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A room snapshot being gathered: each feature adds its part, then it becomes one {@link RoomSnapshot}. */
public final class SnapshotParts {
    public final List<RoomSnapshot.Value> values = new ArrayList<>();
    public final List<RoomSnapshot.Doc> docs = new ArrayList<>();
    public final Map<String, String> owners = new LinkedHashMap<>();
    public Map<String, Object> sync;
    public Map<String, Object> chat;
    public Map<String, Object> activity;

    public RoomSnapshot toSnapshot(String room) {
        return new RoomSnapshot(room, values, docs, owners, sync, chat, activity);
    }
}
