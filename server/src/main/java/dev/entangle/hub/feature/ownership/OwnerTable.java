package dev.entangle.hub.feature.ownership;

import dev.entangle.hub.room.Room;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who holds the ownership token of each owned binding of a room (selector → client id, or null for
 * nobody), and the moves staged in the room's pipeline but not yet durable, which later changes are
 * checked against. Guarded by the room's lock.
 */
public final class OwnerTable implements Room.Part {
    private final Map<String, String> owners = new LinkedHashMap<>();
    private final Map<String, String> staged = new HashMap<>();

    /** Whether {@code selector} is owned (one writer at a time). */
    public boolean isOwned(String selector) {
        return owners.containsKey(selector);
    }

    /** Who holds the token of {@code selector} (durably), or null (nobody, or not owned). */
    public String ownerOf(String selector) {
        return owners.get(selector);
    }

    /** Who holds {@code selector}'s token for checking a change: the staged holder, else the durable one. */
    public String ownerForChecks(String selector) {
        return staged.containsKey(selector) ? staged.get(selector) : owners.get(selector);
    }

    /** Holds a move until it is durable. */
    public void stage(String selector, String owner) {
        staged.put(selector, owner);
    }

    public void set(String selector, String owner) {
        owners.put(selector, owner);
        if (staged.containsKey(selector) && Objects.equals(staged.get(selector), owner)) {
            staged.remove(selector);
        }
    }

    /** The owned selectors whose token {@code clientId} holds. */
    public List<String> ownedBy(String clientId) {
        List<String> out = new ArrayList<>();
        owners.forEach((selector, owner) -> {
            if (clientId.equals(owner)) {
                out.add(selector);
            }
        });
        return out;
    }

    /** Every holder (for the grace period after a restart). */
    public List<String> holders() {
        List<String> out = new ArrayList<>();
        for (String owner : owners.values()) {
            if (owner != null && !out.contains(owner)) {
                out.add(owner);
            }
        }
        return out;
    }

    public Map<String, String> all() {
        return owners;
    }

    @Override
    public void dropStaged() {
        staged.clear();
    }

    @Override
    public boolean isEmpty() {
        return owners.isEmpty();
    }
}
