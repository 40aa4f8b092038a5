package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A room snapshot keeps its chats and activity stream, and one written before them still reads. */
class RoomSnapshotTest {

    @Test
    void aSnapshotFromBeforeChatAndActivityReadsWithNoneOfThem() {
        RoomSnapshot old = RoomSnapshot.fromJson("demo", "{\"values\":[],\"docs\":[],\"owners\":{}}");
        assertNull(old.chat());
        assertNull(old.activity());
        assertNull(old.sync());
    }

    @Test
    void chatsAndTheActivityStreamComeBackAsTheyWereWritten() {
        Map<String, Object> chat = Map.of("chats", Map.of("main", Map.of("messages", List.of(Map.of("id", "k1", "n", 1L,
                "author", "alice", "text", "a, \"b\"\n😀", "at", 5L)), "reads", Map.of("bob", 1L))));
        Map<String, Object> activity = Map.of("last", 7L, "entries", List.of(Map.of("n", 7L, "type", "run")));
        RoomSnapshot written = new RoomSnapshot("demo", List.of(), List.of(), Map.of(), null, chat, activity);
        RoomSnapshot read = RoomSnapshot.fromJson("demo", written.toJson());
        assertEquals(chat, read.chat());
        assertEquals(activity, read.activity());
    }
}
