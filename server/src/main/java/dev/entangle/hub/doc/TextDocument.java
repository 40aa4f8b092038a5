package dev.entangle.hub.doc;

import java.util.LinkedHashSet;
import java.util.Set;

/** A text document of a room: its one order, and who follows it. Guarded by the room's lock. */
public final class TextDocument {
    private final String name;
    private final Sequencer sequencer = new Sequencer("");
    private final Set<String> followers = new LinkedHashSet<>();

    public TextDocument(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Sequencer sequencer() {
        return sequencer;
    }

    public Set<String> followers() {
        return followers;
    }
}
