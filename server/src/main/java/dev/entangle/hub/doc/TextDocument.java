package dev.entangle.hub.doc;

import java.util.LinkedHashSet;
import java.util.Set;

/** A text document of a room: its one order, and who follows it. Guarded by the room's lock. */
public final class TextDocument {
    private final String name;
    private Sequencer sequencer = new Sequencer("");
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

    /** Replaces the document's order with one restored from a snapshot (at hub start, before anyone follows). */
    public void restore(Sequencer restored) {
        sequencer = restored;
    }

    public Set<String> followers() {
        return followers;
    }
}
