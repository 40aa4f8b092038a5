package dev.entangle.hub.feature.chat;

import dev.entangle.hub.room.Room;
import java.util.LinkedHashMap;
import java.util.Map;

/** The chats of a room, by name. Guarded by the room's lock. */
public final class RoomChats implements Room.Part {
    private final Map<String, Chat> chats = new LinkedHashMap<>();

    Chat chat(String name) {
        return chats.computeIfAbsent(name, n -> new Chat());
    }

    Chat existing(String name) {
        return chats.get(name);
    }

    /** Chats are in the event log: a room with nothing else may be forgotten and read back with them. */
    @Override
    public boolean isEmpty() {
        return true;
    }

    /** As a room snapshot keeps them: {@code {"chats": {name: {messages, reads}}}}. */
    Map<String, Object> toStored() {
        Map<String, Object> stored = new LinkedHashMap<>();
        chats.forEach((name, chat) -> stored.put(name, chat.toStored()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chats", stored);
        return out;
    }

    void restore(Map<String, Object> stored) {
        ((Map<?, ?>) stored.get("chats")).forEach((name, chat) -> chats.put((String) name, Chat.fromStored((Map<?, ?>) chat)));
    }
}
