package dev.entangle.hub.feature.text;

import dev.entangle.hub.doc.TextDocument;
import dev.entangle.hub.room.Room;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** A room's text documents, each with its one order and its followers. Guarded by the room's lock. */
public final class RoomTexts implements Room.Part {
    private final Map<String, TextDocument> texts = new LinkedHashMap<>();

    /** The text document {@code name}, created empty on first use. */
    public TextDocument text(String name) {
        return texts.computeIfAbsent(name, TextDocument::new);
    }

    /** The text document {@code name}, or null when nobody opened it yet (nothing is created). */
    public TextDocument existing(String name) {
        return texts.get(name);
    }

    public Collection<TextDocument> all() {
        return texts.values();
    }

    public int size() {
        return texts.size();
    }

    /** How many documents {@code clientId} follows here. */
    public int followedBy(String clientId) {
        int count = 0;
        for (TextDocument text : texts.values()) {
            if (text.followers().contains(clientId)) {
                count++;
            }
        }
        return count;
    }

    /** A member that leaves stops following (it opens its documents again when it comes back). */
    @Override
    public void memberLeft(String clientId) {
        for (TextDocument text : texts.values()) {
            text.followers().remove(clientId);
        }
    }

    @Override
    public void dropStaged() {
        for (TextDocument text : texts.values()) {
            text.sequencer().dropStaged();
        }
    }

    @Override
    public boolean isEmpty() {
        return texts.isEmpty();
    }
}
