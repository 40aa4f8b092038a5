package dev.entangle.hub.cluster;

import dev.entangle.hub.backplane.Backplane;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.room.RoomRegistry;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.EventLog;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of the other nodes of a shared event log (see docs/SCALING.md): following the
 * rooms they moved, catching up moves the backplane never brought, knowing their members, and
 * saying whether this node can take clients. With one node and no backplane it has nothing to do.
 */
public final class OtherNodes {
    private static final Logger log = LoggerFactory.getLogger(OtherNodes.class);

    private final RoomRegistry rooms;
    private final EventLog events;
    private final Backplane backplane;

    public OtherNodes(RoomRegistry rooms, EventLog events, Backplane backplane) {
        this.rooms = rooms;
        this.events = events;
        this.backplane = backplane;
    }

    /**
     * Another node appended to room {@code name}, up to {@code position} at least: if this node keeps
     * the room, it follows (applies those events and relays them to its members), in the room's order;
     * nothing to do if it has them already.
     */
    public void follow(String name, long position) {
        Room room = rooms.existing(name);
        if (room != null) {
            room.pipeline().follow(position);
        }
    }

    /**
     * Follows every room kept here that the shared log holds further than this node does: a move the
     * backplane did not bring (a message lost, the backplane down a while) is caught up within a
     * sweep. Called every second, with the hub's sweep, when the log is shared.
     */
    public void followMissedMoves() {
        for (Room room : rooms.all()) {
            long here;
            synchronized (room) {
                here = room.lastPosition();
            }
            try {
                long there = events.lastPosition(room.name());
                if (there > here) {
                    room.pipeline().follow(there);
                }
            } catch (RuntimeException e) {
                log.warn("could not check room {} against the shared event log: {}", room.name(), e.getMessage());
            }
        }
    }

    /**
     * Whether {@code presence} is news to this node's members: a member of this node always is; a
     * member of another node is when this node did not know it (yet, or any more) — a roster answer
     * repeats what a node may know already. Records the other nodes' members. Hold the room's lock.
     */
    public boolean presenceNews(Room room, Publication.Presence presence) {
        if (presence.joined()) {
            if (room.member(presence.clientId()) != null) {
                return true;
            }
            return room.elsewhere(presence.clientId(), presence.teams() == null ? List.of() : presence.teams());
        }
        room.elsewhere(presence.clientId(), null); // a departure is news, from here or from elsewhere
        return true;
    }

    /** Another node took up room {@code name} and asks who is in it: this node's members are announced to it. */
    public void roster(String name) {
        Room room = rooms.existing(name);
        if (room == null) {
            return;
        }
        synchronized (room) {
            for (Connection member : room.members()) {
                backplane.announce(new Publication.Presence(name, member.clientId(), member.teams(), true));
            }
        }
    }

    /** Whether the event log and the backplane answer now (for {@code GET /ready}); the reasons when not. */
    public List<String> unready() {
        List<String> reasons = new ArrayList<>();
        try {
            events.lastPosition("");
        } catch (RuntimeException e) {
            reasons.add("event log: " + e.getMessage());
        }
        if (!backplane.reachable()) {
            reasons.add("backplane: not connected");
        }
        return reasons;
    }
}
