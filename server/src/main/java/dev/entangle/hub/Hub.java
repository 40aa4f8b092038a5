package dev.entangle.hub;

import dev.entangle.core.json.JsonObject;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.auth.TokenException;
import dev.entangle.hub.backplane.Backplane;
import dev.entangle.hub.backplane.LocalBackplane;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.cluster.OtherNodes;
import dev.entangle.hub.doc.TextDocument;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.feature.activity.ActivityFeature;
import dev.entangle.hub.feature.chat.ChatFeature;
import dev.entangle.hub.feature.ownership.OwnershipFeature;
import dev.entangle.hub.feature.presence.EphemeralLane;
import dev.entangle.hub.feature.presence.PresenceFeature;
import dev.entangle.hub.feature.sync.SyncFeature;
import dev.entangle.hub.feature.sync.SyncHub;
import dev.entangle.hub.feature.text.RoomTexts;
import dev.entangle.hub.feature.text.TextFeature;
import dev.entangle.hub.feature.values.ValuesFeature;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.room.RoomRegistry;
import dev.entangle.hub.router.Router;
import dev.entangle.hub.session.Admission;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.session.ConnectionRegistry;
import dev.entangle.hub.session.RateLimit;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.GroupCommitLog;
import dev.entangle.hub.store.MemoryEventLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The hub's behaviour without its transport: frames in from connections, frames out to them. It
 * admits connections, keeps the rooms (each taken up from the event log when first used, each with
 * its one {@link RoomPipeline}), hands every message to the {@link Feature} that owns its type, and
 * delivers what the {@link Backplane} publishes to the members connected here. Bad input is
 * answered with an error and never escapes.
 */
final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    /** Close code for a client that floods past its rate limit or sends with an expired token (RFC 6455 "policy violation"). */
    static final int POLICY_VIOLATION = Router.POLICY_VIOLATION;
    /** Close code telling clients the hub is going away for a moment: reconnect (RFC 6455 "service restart"). */
    static final int RESTARTING = 1012;

    private final HubConfig config;
    private final HubStats stats = new HubStats();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final RoomRegistry rooms;
    private final GroupCommitLog events;
    private final String epoch;
    private final Clock clock;
    private final Replies replies;
    private final Admission admission;
    private final Backplane backplane;
    private final SyncHub sync;
    private final List<Feature> features;
    private final Router router;
    private final OtherNodes otherNodes;
    private final PresenceFeature presence;

    /** A hub that keeps its events in memory (tests). */
    Hub(HubConfig config) {
        this(config, new MemoryEventLog());
    }

    /** A hub carrying on from everything {@code events} holds (each room is read back when it is first used). */
    Hub(HubConfig config, EventLog events) {
        this(config, events, Clock.systemUTC());
    }

    /** The same with the clock tokens' expiries are checked against (tests move it). */
    Hub(HubConfig config, EventLog events, Clock clock) {
        this(config, events, clock, null);
    }

    /**
     * {@code relayPool} relays presence and pointers every {@link HubConfig#awarenessIntervalMillis};
     * without one (a hub driven by hand in tests), each is relayed at once on the thread that brings it.
     */
    Hub(HubConfig config, EventLog events, Clock clock, ScheduledExecutorService relayPool) {
        this.config = config;
        this.events = new GroupCommitLog(events, stats::committed);
        this.clock = clock;
        this.epoch = events.epoch();
        this.replies = new Replies(stats, clock);
        this.admission = new Admission(config.tokenSecret, clock, replies);
        this.backplane = config.backplane != null ? config.backplane : new LocalBackplane();
        ActivityFeature activity = new ActivityFeature(replies, config.activityKept);
        this.sync = new SyncHub(config, stats, clock, activity);
        OwnershipFeature ownership = new OwnershipFeature(replies, config.sessionGraceMillis);
        this.presence = new PresenceFeature(replies, backplane, clock, config.presenceTimeout(),
                config.awarenessIntervalMillis, relayPool);
        this.features = List.of(new ValuesFeature(config, replies, ownership, activity), ownership,
                new TextFeature(config, replies, epoch, activity), new SyncFeature(config, replies, sync),
                new EphemeralLane(config, replies, backplane), presence,
                new ChatFeature(replies, activity, PresenceFeature::nameOf), activity);
        this.router = new Router(config, replies, features);
        this.rooms = new RoomRegistry(config, stats, this.events, features, backplane);
        this.otherNodes = new OtherNodes(rooms, this.events, backplane, config.sessionGraceMillis, clock);
        backplane.start(new Backplane.Receiver() {
            @Override
            public void deliver(Publication publication) {
                Hub.this.deliver(publication);
            }

            @Override
            public void roster(String room) {
                otherNodes.roster(room);
                presence.roster(room);
            }

            @Override
            public void nodeGone(String node) {
                otherNodes.nodeGone(node);
                presence.nodeGone(node);
            }

            @Override
            public void nodeBack(String node) {
                otherNodes.nodeBack();
                presence.nodeBack();
            }

            @Override
            public void follow(String room, long position, long lagMillis) {
                stats.backplaneLag(lagMillis);
                otherNodes.follow(room, position);
            }
        }, epoch);
    }

    /** Delivers a publication to the members of its room connected here. */
    private void deliver(Publication publication) {
        Room room = rooms.existing(publication.room());
        if (room == null) {
            return;
        }
        if (publication.lockFree()) {
            router.deliver(room, publication); // never waits for the room's lock
            return;
        }
        synchronized (room) {
            if (publication instanceof Publication.Presence presence) {
                if (!otherNodes.presenceNews(room, presence)) {
                    return;
                }
                String frame = MessageCodec.encode(new Message.Peer(presence.joined() ? "joined" : "left",
                        presence.clientId(), presence.joined() ? presence.teams() : null));
                for (Connection member : room.members()) {
                    if (!member.clientId().equals(presence.clientId())) {
                        member.send(frame);
                    }
                }
                sync.presence(room, presence.clientId(), presence.joined());
            } else {
                router.deliver(room, publication);
            }
        }
    }

    EventLog events() {
        return events;
    }

    HubStats stats() {
        return stats;
    }

    SyncHub sync() {
        return sync;
    }

    /** The name of the hub's history (kept in the event log): versions and sequences count within it. */
    String epoch() {
        return epoch;
    }

    ConnectionRegistry connections() {
        return connections;
    }

    int roomCount() {
        return rooms.size();
    }

    /** Changes waiting in the rooms' pipelines now, for {@code /stats}. */
    int queuedChanges() {
        return rooms.queuedChanges();
    }

    /** Every text document, for {@code /stats}: room, name, revision, length, followers. */
    List<Map<String, Object>> documents() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Room room : rooms.all()) {
            synchronized (room) {
                RoomTexts texts = room.existingPart(RoomTexts.class);
                for (TextDocument text : texts == null ? List.<TextDocument>of() : texts.all()) {
                    out.add(JsonObject.builder()
                            .put("room", room.name())
                            .put("doc", text.name())
                            .put("revision", text.sequencer().revision())
                            .put("length", (long) text.sequencer().length())
                            .put("followers", (long) text.followers().size())
                            .build());
                }
            }
        }
        return out;
    }

    int entanglementCount() {
        int count = 0;
        for (Room room : rooms.all()) {
            synchronized (room) {
                count += room.entanglements().size();
            }
        }
        return count;
    }

    void opened(Connection connection) {
        if (config.messagesPerSecond > 0) {
            connection.limitRate(new RateLimit(config.messagesPerSecond, config.burstMessages, config.bytesPerSecond,
                    config.burstBytes));
        }
        connection.limitEphemeralRate(new RateLimit(config.ephemeralPerSecond, config.ephemeralBurst,
                (long) config.ephemeralPerSecond * config.maxEphemeralBytes,
                (long) config.ephemeralBurst * config.maxEphemeralBytes));
        connections.opened(connection);
    }

    void closed(Connection connection) {
        connections.closed(connection);
        if (connection.hasJoined()) {
            Room room = rooms.existing(connection.room());
            if (room != null) {
                sync.unfollow(room, SyncFeature.followerKey(connection));
                synchronized (room) {
                    if (room.leave(connection, clock.millis(), config.sessionGraceMillis) == Room.Departure.LEFT) {
                        left(room, connection.clientId());
                    }
                    rooms.forgetIfEmpty(room);
                }
            }
            log.debug("{} left room {}", connection.clientId(), connection.room());
        }
    }


    /** {@code clientId} has left {@code room} for good: its features let go of it and the room is told. */
    private void left(Room room, String clientId) {
        for (Feature feature : features) {
            feature.left(room, clientId);
        }
        room.pipeline().publish(new Publication.Presence(room.name(), clientId, null, false));
    }

    /**
     * Ends the grace periods that are over: clients that did not come back have left, and
     * persistent bindings a reloaded page did not make again are dropped. Called every second.
     */
    void sweep() {
        if (backplane.shared()) {
            otherNodes.followMissedMoves();
        }
        long now = clock.millis();
        for (Room room : rooms.all()) {
            synchronized (room) {
                for (String clientId : room.expire(now)) {
                    log.debug("{} did not come back to room {} within its grace period", clientId, room.name());
                    left(room, clientId);
                }
                rooms.forgetIfEmpty(room);
            }
        }
    }

    /** Members gone past the presence timeout leave the others' lists (docs/MULTIPLAYER.md, "No ghosts"). */
    void presenceCheck() {
        presence.check(name -> rooms.existing(name) != null, clock.millis());
    }

    /** Before the hub stops: every client is told to reconnect (it will, with backoff, to the next hub). */
    void shutdown() {
        for (Connection connection : connections.all()) {
            connection.close(RESTARTING, "the hub is restarting; reconnect");
        }
        rooms.shutdown();
    }

    /** Drops a client's connection as a network failure would; it reconnects by itself. */
    boolean disconnect(String clientId, String reason) {
        Connection connection = connections.byClientId(clientId);
        if (connection == null) {
            return false;
        }
        connection.close(RESTARTING, reason);
        return true;
    }

    void received(Connection connection, String frame) {
        try (MDC.MDCCloseable client = MDC.putCloseable("client", connection.clientId());
                MDC.MDCCloseable room = MDC.putCloseable("room", connection.room())) {
            connection.heard(clock.millis());
            Message message = router.decode(connection, frame);
            if (message == null) {
                return;
            }
            try {
                if (message instanceof Message.Hello hello) {
                    hello(connection, hello);
                } else if (message instanceof Message.Ping ping) {
                    replies.send(connection, new Message.Pong(ping.time()));
                } else if (!connection.hasJoined()) {
                    replies.refuse(connection, ErrorCode.NOT_JOINED, "send hello before " + message.type(),
                            Router.seqOf(message));
                } else {
                    router.route(connection, rooms.room(connection.room()), message);
                }
            } catch (RuntimeException e) {
                replies.internal(connection, message.type(), e);
            }
        }
    }

    private void hello(Connection connection, Message.Hello hello) {
        if (connection.hasJoined()) {
            replies.refuse(connection, ErrorCode.ALREADY_JOINED, "this connection already joined as "
                    + connection.clientId(), null);
            return;
        }
        if (!admission.admits(connection, hello)) {
            return;
        }
        if (!rooms.admits(hello.room())) {
            replies.refuse(connection, ErrorCode.LIMIT_REACHED, "the hub keeps at most " + config.maxRooms + " rooms",
                    null);
            return;
        }
        Connection previous = connections.claim(connection, hello.clientId(), hello.room(), hello.session());
        if (previous != null) {
            // The same client connected again (a reload, a new tab of the same session): the newest wins.
            closed(previous);
            previous.close(ConnectionRegistry.REPLACED, "replaced by a newer connection of " + hello.clientId());
        }
        while (true) {
            Room room = rooms.room(hello.room());
            synchronized (room) {
                if (rooms.existing(hello.room()) == room) { // not forgotten by a leave between the two lines
                    boolean back = room.join(connection);
                    // At once: the presence frames that follow it go on the ephemeral lane, which goes first.
                    replies.sendAtOnce(connection, new Message.Welcome(hello.clientId(), hello.room(),
                            config.heartbeatMillis, epoch));
                    introduce(room, connection, back);
                    break;
                }
            }
        }
        log.debug("{} joined room {}", hello.clientId(), hello.room());
    }

    /**
     * Tells a new member who else is in the room ({@code present}, including clients away within
     * their grace period, and members of other nodes) and tells the others it joined, unless it is
     * back within its grace period.
     */
    private void introduce(Room room, Connection joiner, boolean back) {
        for (Connection member : room.members()) {
            if (member != joiner) {
                replies.send(joiner, new Message.Peer("present", member.clientId(), member.teams()));
            }
        }
        room.elsewhere().forEach((clientId, teams) -> replies.send(joiner, new Message.Peer("present", clientId, teams)));
        for (String away : room.awayClients()) {
            replies.send(joiner, new Message.Peer("present", away, room.teamsOf(away)));
        }
        for (Feature feature : features) {
            feature.joined(room, joiner, back);
        }
        if (!back) {
            room.pipeline().publish(new Publication.Presence(room.name(), joiner.clientId(), joiner.teams(), true));
        } else if (backplane.shared()) { // back here: the other nodes stop expecting it back, silently
            backplane.announce(new Publication.Presence(room.name(), joiner.clientId(), joiner.teams(), true));
        }
    }

    /** Snapshots every room with events since its last snapshot (at a graceful stop, so the next start is quick). */
    void snapshotAll() {
        rooms.snapshotAll();
    }

    /**
     * The room an HTTP client names, made if needed; null when the hub keeps no more rooms. (An
     * HTTP client is no member: a room it alone uses stays, as its synchronised state does.)
     */
    /** This node's id: in logs, {@code /health}, metrics and the backplane's messages. */
    String node() {
        return config.nodeId;
    }

    /** Another node appended to room {@code name} on the shared event log: this node follows it, if it keeps it. */
    void follow(String name) {
        otherNodes.follow(name, Long.MAX_VALUE);
    }

    /** What the sweep does every second on a node of a shared log (tests call it at once). */
    void followMissedMoves() {
        otherNodes.followMissedMoves();
    }

    /** Whether the event log and the backplane answer now (for {@code GET /ready}); the reasons when not. */
    List<String> unready() {
        return otherNodes.unready();
    }

    Room roomForHttp(String name) {
        return rooms.admits(name) ? rooms.room(name) : null;
    }

    /** {@link #roomForHttp}, refused (503 {@code limit_reached}) when the hub keeps no more rooms. */
    Room openForHttp(String name) throws HttpRefusal {
        Room room = roomForHttp(name);
        if (room == null) {
            throw new HttpRefusal(503, ErrorCode.LIMIT_REACHED, "the hub keeps at most " + config.maxRooms + " rooms");
        }
        return room;
    }

    /** See {@link Admission#httpIdentity}. */
    String httpIdentity(String token, String room, String anonymous, boolean write) throws TokenException {
        return admission.httpIdentity(token, room, anonymous, write);
    }

    /** The room {@code name} as the hub keeps it now, or null (nothing is made). Read it holding its monitor. */
    Room existingRoom(String name) {
        return rooms.existing(name);
    }
}
