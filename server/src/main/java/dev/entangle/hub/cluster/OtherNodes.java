package dev.entangle.hub.cluster;

import dev.entangle.hub.backplane.Backplane;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.room.RoomRegistry;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.EventLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final long graceMillis;
    private final Clock clock;

    public OtherNodes(RoomRegistry rooms, EventLog events, Backplane backplane, long graceMillis, Clock clock) {
        this.rooms = rooms;
        this.events = events;
        this.backplane = backplane;
        this.graceMillis = graceMillis;
        this.clock = clock;
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
        Map<String, Long> here = new HashMap<>();
        for (Room room : rooms.all()) {
            synchronized (room) {
                here.put(room.name(), room.lastPosition());
            }
        }
        Map<String, Long> there;
        try {
            there = events.lastPositions(here.keySet()); // one read for every room kept here
        } catch (RuntimeException e) {
            log.warn("could not check {} rooms against the shared event log: {}", here.size(), e.getMessage());
            return;
        }
        here.forEach((name, position) -> {
            long moved = there.getOrDefault(name, 0L);
            if (moved > position) {
                follow(name, moved);
            }
        });
    }

    /**
     * Whether {@code presence} is news to this node's members, recording the other nodes' members
     * (hold the room's lock). A member of this node always is. A member of another node is when
     * this node did not know it yet (a roster answer repeats what it may know), or knew it and now
     * hears it left; one that comes back on another node while away here (its node died) is no
     * longer expected back here, and its peers never saw it leave.
     */
    public boolean presenceNews(Room room, Publication.Presence presence) {
        String clientId = presence.clientId();
        if (presence.node() == null) {
            if (!presence.joined()) {
                room.elsewhere(clientId, null, null);
            }
            return true;
        }
        if (!presence.joined()) {
            return room.elsewhere(clientId, null, presence.node());
        }
        List<String> teams = presence.teams() == null ? List.of() : presence.teams();
        if (room.backElsewhere(clientId)) {
            room.elsewhere(clientId, teams, presence.node());
            return false;
        }
        return room.elsewhere(clientId, teams, presence.node());
    }

    /**
     * Node {@code node} went silent: its members are away from every room kept here for their session
     * grace period, as after a hub restart — back without a flicker if they join any node in time,
     * else gone (their tokens released, their peers told) at the sweep after it.
     */
    public void nodeGone(String node) {
        long until = clock.millis() + graceMillis;
        for (Room room : rooms.all()) {
            synchronized (room) {
                room.expectBack(room.forgetNode(node), until);
            }
        }
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

    /**
     * A node taken as gone is heard again (it was only silent: a long pause, a network split): every
     * room kept here asks again who is on the other nodes, and the members this node was expecting
     * back are found where they are, without a flicker, before their grace period ends.
     */
    public void nodeBack() {
        for (Room room : rooms.all()) {
            backplane.askRoster(room.name());
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
