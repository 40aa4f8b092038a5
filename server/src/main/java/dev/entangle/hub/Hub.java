package dev.entangle.hub;

import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.AttributeFilter;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationSafety;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.hub.auth.AccessToken;
import dev.entangle.hub.auth.TokenException;
import dev.entangle.hub.auth.Tokens;
import dev.entangle.hub.doc.Sequencer;
import dev.entangle.hub.doc.TextDocument;
import dev.entangle.hub.entangle.Binding;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.session.ConnectionRegistry;
import dev.entangle.hub.session.RateLimit;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.EventLogException;
import dev.entangle.hub.store.GroupCommitLog;
import dev.entangle.hub.store.MemoryEventLog;
import dev.entangle.hub.store.RoomSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The hub's behaviour without its transport: frames in from connections, frames out to them.
 * Each room is ordered under its own lock, so every member sees a binding's changes in the one
 * order their sequence numbers give; bad input is answered with an error and never escapes.
 */
final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final HubConfig config;
    private final HubStats stats = new HubStats();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final EventLog events;
    private final String epoch;
    private final Tokens tokens;
    private final Clock clock;
    private final SyncHub sync;

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
        this.config = config;
        this.events = new GroupCommitLog(events, stats::committed);
        this.clock = clock;
        this.tokens = config.tokenSecret == null ? null : new Tokens(config.tokenSecret);
        this.epoch = events.epoch();
        this.sync = new SyncHub(config, stats, clock, this::append, this::snapshotIfDue);
    }

    /**
     * The room {@code name}, read back from the event log the first time it is used — its snapshot,
     * then its events after it — so a start reads no room until a client asks for it.
     */
    private Room room(String name) {
        return rooms.computeIfAbsent(name, this::load);
    }

    private Room load(String name) {
        Room room = new Room(name);
        events.load(name, new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                room.restore(snapshot, position, config.syncHistory);
            }

            @Override
            public void apply(Event event, long position) {
                replay(room, event);
                room.logged(position);
            }
        });
        // Holders of ownership tokens from before a restart may come back for a grace period.
        room.expectOwnersBack(clock.millis() + config.sessionGraceMillis);
        return room;
    }

    private void replay(Room room, Event event) {
        if (event instanceof Event.OperationApplied o) {
            sync.replay(room, o);
        } else if (event instanceof Event.ValueAccepted v) {
            room.accept(v.vector(), v.serverSeq(), v.audience());
        } else if (event instanceof Event.OwnershipChanged o) {
            room.setOwner(o.selector(), o.owner());
        } else {
            Event.TextCommitted t = (Event.TextCommitted) event;
            // When it was first applied is not logged: it counts as old, kept only among the last textHistory.
            room.text(t.doc()).sequencer().apply(
                    new Sequencer.Commit(t.revision(), t.author(), t.clientSeq(), t.operation()));
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

    /** Every text document, for {@code /stats}: room, name, revision, length, followers. */
    List<Map<String, Object>> documents() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Room room : rooms.values()) {
            synchronized (room) {
                for (TextDocument text : room.texts()) {
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
        for (Room room : rooms.values()) {
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
            Room room = rooms.get(connection.room());
            if (room != null) {
                sync.unfollow(room, followerKey(connection));
                synchronized (room) {
                    if (room.leave(connection, clock.millis(), config.sessionGraceMillis) == Room.Departure.LEFT) {
                        left(room, connection.clientId());
                    }
                    forgetIfEmpty(room);
                }
            }
            log.debug("{} left room {}", connection.clientId(), connection.room());
        }
    }

    /** A room without members or state does not count against maxRooms. Hold the room's lock. */
    private void forgetIfEmpty(Room room) {
        if (room.isEmpty()) {
            rooms.remove(room.name(), room);
        }
    }

    /** {@code clientId} has left {@code room} for good: its ownership tokens are released and the room is told. */
    private void left(Room room, String clientId) {
        for (String selector : room.ownedBy(clientId)) {
            changeOwner(room, selector, null, clientId);
        }
        String frame = MessageCodec.encode(new Message.Peer("left", clientId, null));
        for (Connection member : room.members()) {
            member.send(frame);
        }
        sync.presence(room, clientId, false);
    }

    /**
     * Ends the grace periods that are over: clients that did not come back have left, and
     * persistent bindings a reloaded page did not make again are dropped. Called every second.
     */
    void sweep() {
        long now = clock.millis();
        for (Room room : rooms.values()) {
            synchronized (room) {
                for (String clientId : room.expire(now)) {
                    log.debug("{} did not come back to room {} within its grace period", clientId, room.name());
                    left(room, clientId);
                }
                forgetIfEmpty(room);
            }
        }
    }

    /** Close code telling clients the hub is going away for a moment: reconnect (RFC 6455 "service restart"). */
    static final int RESTARTING = 1012;

    /** Before the hub stops: every client is told to reconnect (it will, with backoff, to the next hub). */
    void shutdown() {
        for (Connection connection : connections.all()) {
            connection.close(RESTARTING, "the hub is restarting; reconnect");
        }
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

    /** Close code for a client that floods past its rate limit or sends with an expired token (RFC 6455 "policy violation"). */
    static final int POLICY_VIOLATION = 1008;

    void received(Connection connection, String frame) {
        try (MDC.MDCCloseable client = MDC.putCloseable("client", connection.clientId());
                MDC.MDCCloseable room = MDC.putCloseable("room", connection.room())) {
            receivedFrame(connection, frame);
        }
    }

    private void receivedFrame(Connection connection, String frame) {
        int bytes = HubStats.utf8Length(frame);
        stats.received(bytes);
        if (bytes > config.maxFrameBytes) {
            refuse(connection, ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + bytes + " bytes exceeds the limit of " + config.maxFrameBytes, null);
            return;
        }
        Message message;
        try {
            message = MessageCodec.decode(frame);
        } catch (ProtocolException e) {
            refuse(connection, e.code(), e.getMessage(), null);
            return;
        }
        boolean ephemeral = message instanceof Message.Ephemeral;
        RateLimit rateLimit = ephemeral ? connection.ephemeralRateLimit() : connection.rateLimit();
        RateLimit.Verdict verdict = rateLimit == null ? RateLimit.Verdict.ACCEPTED : rateLimit.take(bytes);
        if (ephemeral && verdict == RateLimit.Verdict.REFUSED) {
            stats.ephemeralDropped(); // the lane keeps the latest: the sender's next one supersedes this
            return;
        }
        if (verdict != RateLimit.Verdict.ACCEPTED) {
            refuse(connection, ErrorCode.RATE_LIMITED, "more than " + config.messagesPerSecond + " messages or "
                    + config.bytesPerSecond + " bytes per second; send it again later", seqOf(message));
            if (verdict == RateLimit.Verdict.FLOODING) {
                log.warn("disconnecting {}: it kept sending past its rate limit", connection);
                connection.close(POLICY_VIOLATION, "rate limit exceeded");
            }
            return;
        }
        try {
            dispatch(connection, message);
        } catch (RuntimeException e) {
            log.error("internal error handling {} from {}", message.type(), connection, e);
            refuse(connection, ErrorCode.INTERNAL, "the hub failed to handle this " + message.type(), null);
        }
    }

    private void dispatch(Connection connection, Message message) {
        if (message instanceof Message.Hello hello) {
            hello(connection, hello);
        } else if (message instanceof Message.Ping ping) {
            send(connection, new Message.Pong(ping.time()));
        } else if (!connection.hasJoined()) {
            refuse(connection, ErrorCode.NOT_JOINED, "send hello before " + message.type(), seqOf(message));
        } else if (message instanceof Message.Entangle entangle) {
            entangle(connection, entangle);
        } else if (message instanceof Message.Disentangle disentangle) {
            disentangle(connection, disentangle);
        } else if (message instanceof Message.Mutation mutation) {
            mutations(connection, List.of(mutation.vector()), false);
        } else if (message instanceof Message.MutationBatch batch && allFromClient(batch)) {
            List<MutationVector> vectors = new ArrayList<>();
            for (Message.Mutation item : batch.items()) {
                vectors.add(item.vector());
            }
            mutations(connection, vectors, true);
        } else if (message instanceof Message.TextOpen open) {
            textOpen(connection, open);
        } else if (message instanceof Message.TextOp op && op.seq() != null) {
            textOp(connection, op);
        } else if (message instanceof Message.TextCursor cursor) {
            textCursor(connection, cursor);
        } else if (message instanceof Message.Ephemeral ephemeral) {
            ephemeral(connection, ephemeral);
        } else if (message instanceof Message.Own own) {
            own(connection, own);
        } else if (message instanceof Message.SyncSubscribe subscribe) {
            syncSubscribe(connection, subscribe);
        } else if (message instanceof Message.SyncPush push) {
            syncPush(connection, push);
        } else {
            refuse(connection, ErrorCode.UNKNOWN_TYPE,
                    "message type '" + message.type() + "' is sent by the hub, not by a client", null);
        }
    }

    private void hello(Connection connection, Message.Hello hello) {
        if (connection.hasJoined()) {
            refuse(connection, ErrorCode.ALREADY_JOINED, "this connection already joined as " + connection.clientId(), null);
            return;
        }
        String problem = Identifiers.problemWithId(hello.clientId());
        if (problem == null) {
            problem = roomProblem(hello.room());
        } else {
            problem = "clientId " + problem;
        }
        if (problem == null) {
            problem = teamsProblem(hello.teams());
        }
        if (problem != null) {
            refuse(connection, ErrorCode.INVALID_FIELD, problem, null);
            return;
        }
        if (!authorise(connection, hello)) {
            return;
        }
        if (hello.teams() != null) {
            for (String team : hello.teams()) {
                if (tokens != null && !connection.teams().contains(team)) {
                    refuse(connection, ErrorCode.IDENTITY_MISMATCH, "the token does not put " + hello.clientId()
                            + " in team '" + team + "'", null);
                    return;
                }
            }
            connection.declareTeams(hello.teams());
        }
        if (!rooms.containsKey(hello.room()) && rooms.size() >= config.maxRooms) {
            refuse(connection, ErrorCode.LIMIT_REACHED, "the hub keeps at most " + config.maxRooms + " rooms", null);
            return;
        }
        Connection previous = connections.claim(connection, hello.clientId(), hello.room(), hello.session());
        if (previous != null) {
            // The same client connected again (a reload, a new tab of the same session): the newest wins.
            closed(previous);
            previous.close(ConnectionRegistry.REPLACED, "replaced by a newer connection of " + hello.clientId());
        }
        while (true) {
            Room room = room(hello.room());
            synchronized (room) {
                if (rooms.get(hello.room()) == room) { // not forgotten by a leave between the two lines
                    boolean back = room.join(connection);
                    send(connection, new Message.Welcome(hello.clientId(), hello.room(), config.heartbeatMillis, epoch));
                    introduce(room, connection, back);
                    break;
                }
            }
        }
        log.debug("{} joined room {}", hello.clientId(), hello.room());
    }

    /**
     * Tells a new member who else is in the room ({@code present}, including clients away within
     * their grace period) and tells the others it joined, unless it is back within its grace period.
     */
    private void introduce(Room room, Connection joiner, boolean back) {
        String joined = MessageCodec.encode(new Message.Peer("joined", joiner.clientId(), joiner.teams()));
        for (Connection member : room.members()) {
            if (member != joiner) {
                send(joiner, new Message.Peer("present", member.clientId(), member.teams()));
                if (!back) {
                    member.send(joined);
                }
            }
        }
        for (String away : room.awayClients()) {
            send(joiner, new Message.Peer("present", away, room.teamsOf(away)));
        }
        if (!back) {
            sync.presence(room, joiner.clientId(), true);
        }
    }

    /** A client declares at most this many teams. */
    static final int MAX_TEAMS = 16;

    private static String teamsProblem(List<String> teams) {
        if (teams == null) {
            return null;
        }
        if (teams.size() > MAX_TEAMS) {
            return "a client declares at most " + MAX_TEAMS + " teams, got " + teams.size();
        }
        for (String team : teams) {
            String problem = Identifiers.problemWithId(team);
            if (problem != null) {
                return "team " + problem;
            }
        }
        return null;
    }

    /**
     * With tokens required: the hello's token must be signed with the hub's secret, unexpired, and
     * name this client id and room. Records on the connection whether it may write.
     */
    private boolean authorise(Connection connection, Message.Hello hello) {
        if (tokens == null) {
            return true;
        }
        if (hello.token() == null) {
            refuse(connection, ErrorCode.TOKEN_REQUIRED, "this hub requires an access token in hello", null);
            return false;
        }
        AccessToken token;
        try {
            token = tokens.verify(hello.token(), clock.instant());
        } catch (TokenException e) {
            log.info("refused a token for {}: {}", hello.clientId(), e.getMessage());
            refuse(connection, e.code(), e.getMessage(), null);
            return false;
        }
        if (!token.clientId().equals(hello.clientId())) {
            refuse(connection, ErrorCode.IDENTITY_MISMATCH, "the token is for client '" + token.clientId()
                    + "', not '" + hello.clientId() + "'", null);
            return false;
        }
        AccessToken.Access access = token.access(hello.room());
        if (access == null) {
            refuse(connection, ErrorCode.ROOM_FORBIDDEN, "the token does not let " + hello.clientId() + " join room '"
                    + hello.room() + "'", null);
            return false;
        }
        connection.authorised(access == AccessToken.Access.READ, token.expiresAt(), token.teams());
        return true;
    }

    /** A change is refused when the connection may only read, or its token has expired (then it is also closed). */
    private boolean mayWrite(Connection connection, Long seq) {
        if (connection.readOnly()) {
            refuse(connection, ErrorCode.READ_ONLY, connection.clientId() + " may read room '" + connection.room()
                    + "' but not change it", seq);
            return false;
        }
        if (connection.expiresAt() != null && !clock.instant().isBefore(connection.expiresAt())) {
            refuse(connection, ErrorCode.TOKEN_EXPIRED, "the token expired at " + connection.expiresAt()
                    + "; connect again with a fresh one", seq);
            connection.close(POLICY_VIOLATION, "token expired");
            return false;
        }
        return true;
    }

    private void entangle(Connection connection, Message.Entangle entangle) {
        String problem = Identifiers.problemWithSelector(entangle.selector());
        Target to = null;
        if (problem == null) {
            try {
                to = Target.parse(entangle.to());
            } catch (IllegalArgumentException e) {
                problem = "to " + e.getMessage();
            }
        } else {
            problem = "selector " + problem;
        }
        AttributeFilter filter = new AttributeFilter(entangle.attributes(), entangle.ignoreAttributes());
        if (problem == null) {
            problem = filter.problem();
        }
        if (problem != null) {
            refuse(connection, ErrorCode.INVALID_FIELD, problem, entangle.seq());
            return;
        }
        if (entangle.mode() == Mode.MESH && !to.includes(connection.clientId(), connection.teams())) {
            refuse(connection, ErrorCode.NOT_MEMBER, connection.clientId() + " is not a member of the mesh '"
                    + to.wire() + "' it binds", entangle.seq());
            return;
        }
        Room room = roomOf(connection);
        synchronized (room) {
            if (room.entanglements().binding(connection.clientId(), entangle.selector()) == null
                    && room.entanglements().countOf(connection.clientId()) >= config.maxBindingsPerClient) {
                refuse(connection, ErrorCode.LIMIT_REACHED, "a client may hold at most " + config.maxBindingsPerClient
                        + " bindings", entangle.seq());
                return;
            }
            // The first client that may write and binds an owned selector holds its token.
            boolean claims = entangle.owned() && !room.isOwned(entangle.selector()) && !connection.readOnly();
            if (claims && !durable(connection, room, new Event.OwnershipChanged(room.name(), entangle.selector(),
                    connection.clientId()), entangle.seq())) {
                return;
            }
            Binding binding = new Binding(connection.clientId(), connection.id(), entangle.selector(), to,
                    entangle.mode(), filter, entangle.persistent());
            room.entanglements().bind(binding);
            if (entangle.mode().acceptsRemote()) {
                for (Room.LatestValue value : room.latestFor(binding)) {
                    send(connection, new Message.Mutation(value.vector(), value.serverSeq()));
                }
            }
            if (claims) {
                announceOwner(room, entangle.selector(), connection.clientId(), null); // to every bound client
            } else if (room.isOwned(entangle.selector())) {
                send(connection, new Message.Ownership(entangle.selector(), room.ownerOf(entangle.selector()), null));
            }
            send(connection, new Message.Ack(entangle.seq(), null));
        }
    }

    /** Ownership: request the token (granted when free, else the holder is asked), release it, or transfer it. */
    private void own(Connection connection, Message.Own own) {
        if (!mayWrite(connection, own.seq())) {
            return;
        }
        Room room = roomOf(connection);
        synchronized (room) {
            String me = connection.clientId();
            String selector = own.selector();
            if (room.entanglements().binding(me, selector) == null) {
                refuse(connection, ErrorCode.NOT_ENTANGLED, me + " has not entangled '" + selector + "'", own.seq());
                return;
            }
            String holder = room.ownerOf(selector);
            if (!own.action().equals("request") && !me.equals(holder)) {
                refuse(connection, ErrorCode.NOT_OWNER, me + " does not hold '" + selector + "'", own.seq());
                return;
            }
            String next;
            switch (own.action()) {
                case "request":
                    if (me.equals(holder)) {
                        send(connection, new Message.Ack(own.seq(), null));
                        return;
                    }
                    if (holder != null) {
                        Connection owner = room.member(holder);
                        if (owner != null) {
                            send(owner, new Message.OwnershipRequest(selector, me));
                        }
                        refuse(connection, ErrorCode.NOT_OWNER, holder + " holds '" + selector
                                + "'; they were asked to transfer it", own.seq());
                        return;
                    }
                    next = me;
                    break;
                case "release":
                    next = null;
                    break;
                default: // transfer
                    String to = own.to();
                    if (to == null || room.entanglements().binding(to, selector) == null) {
                        refuse(connection, ErrorCode.NOT_ENTANGLED, "cannot transfer '" + selector + "' to "
                                + (to == null ? "nobody" : to + ", who has not entangled it"), own.seq());
                        return;
                    }
                    next = to;
                    break;
            }
            if (!durable(connection, room, new Event.OwnershipChanged(room.name(), selector, next), own.seq())) {
                return;
            }
            send(connection, new Message.Ack(own.seq(), null));
            announceOwner(room, selector, next, holder);
        }
    }

    /**
     * Follows the room's synchronised state as replica {@code clientId}: a {@code state_changed}
     * to catch up, then one per change, and {@code client_connected}/{@code client_disconnected}.
     */
    private void syncSubscribe(Connection connection, Message.SyncSubscribe subscribe) {
        String problem = Identifiers.problemWithId(subscribe.clientId());
        if (problem == null && subscribe.types() != null) {
            problem = SyncHub.typesProblem(subscribe.types());
        }
        if (problem != null) {
            refuse(connection, ErrorCode.INVALID_FIELD, problem, null);
            return;
        }
        sync.follow(roomOf(connection), new SyncHub.Follower(followerKey(connection), connection.clientId(),
                subscribe.clientId(), subscribe.types(), message -> send(connection, message)), subscribe.stateVersion());
    }

    /** Runs a batch of named operations; each gets an {@code operation_confirmed} after the room heard of the changes. */
    private void syncPush(Connection connection, Message.SyncPush push) {
        if (push.operations().size() > config.maxOperationsPerPush) {
            refuse(connection, ErrorCode.OPERATION_TOO_LARGE, "a push holds at most " + config.maxOperationsPerPush
                    + " operations, got " + push.operations().size(), null);
            return;
        }
        if (!mayWrite(connection, null)) {
            return;
        }
        for (OperationResult result : sync.push(roomOf(connection), connection.clientId(), push.operations())) {
            send(connection, new Message.OperationConfirmed(result));
        }
    }

    private static String followerKey(Connection connection) {
        return "ws:" + connection.id();
    }

    /** Moves an ownership token without a client asking (its holder left): logged, then announced. */
    private void changeOwner(Room room, String selector, String next, String previous) {
        try {
            room.logged(events.append(new Event.OwnershipChanged(room.name(), selector, next)));
        } catch (EventLogException e) {
            // Released in memory all the same: a token must not stay with a client that is gone.
            log.warn("could not log the release of '{}' in room {}", selector, room.name(), e);
        }
        announceOwner(room, selector, next, previous);
    }

    private void announceOwner(Room room, String selector, String next, String previous) {
        room.setOwner(selector, next);
        String frame = MessageCodec.encode(new Message.Ownership(selector, next, previous));
        for (Binding bound : room.entanglements().bindingsOf(selector)) {
            Connection member = room.member(bound.clientId());
            if (member != null) {
                member.send(frame);
            }
        }
    }

    private void disentangle(Connection connection, Message.Disentangle disentangle) {
        Room room = roomOf(connection);
        synchronized (room) {
            room.entanglements().unbind(connection.clientId(), disentangle.selector());
            send(connection, new Message.Ack(disentangle.seq(), null));
        }
    }

    /** A change accepted in this frame: its vector, its place in the binding's order, and the sender's binding. */
    private record Accepted(MutationVector vector, long serverSeq, Binding binding) {
    }

    /**
     * Changes from one frame ({@code mutation}, or {@code mutations} when {@code batched}), handled
     * in order under the room's lock: each is checked and refused on its own; the accepted ones are
     * logged together (one transaction) before any is acknowledged or relayed. A batch is answered
     * with one {@code acks} frame, and each member gets the changes it may see in one frame.
     */
    private void mutations(Connection connection, List<MutationVector> vectors, boolean batched) {
        List<MutationVector> candidates = new ArrayList<>();
        for (MutationVector vector : vectors) {
            if (!vector.source().equals(connection.clientId())) {
                refuse(connection, ErrorCode.IDENTITY_MISMATCH, "connection of " + connection.clientId()
                        + " cannot send a change as " + vector.source(), vector.seq());
                continue;
            }
            String unsafe = MutationSafety.problemWith(vector);
            if (unsafe != null) {
                // Counted in /stats and /metrics; at debug only, so a hostile client cannot flood the log.
                log.debug("refused unsafe change from {}: {}", connection.clientId(), unsafe);
                refuse(connection, ErrorCode.UNSAFE_MUTATION, unsafe, vector.seq());
                continue;
            }
            if (mayWrite(connection, vector.seq())) {
                candidates.add(vector);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Room room = roomOf(connection);
        synchronized (room) {
            List<Accepted> accepted = new ArrayList<>();
            Map<String, Long> lastSeqs = new HashMap<>();
            Set<String> newKeys = new HashSet<>();
            for (MutationVector vector : candidates) {
                Binding binding = permitted(connection, room, vector, newKeys);
                if (binding != null) {
                    long serverSeq = lastSeqs.containsKey(vector.selector()) ? lastSeqs.get(vector.selector()) + 1
                            : room.nextSeq(vector.selector());
                    lastSeqs.put(vector.selector(), serverSeq);
                    accepted.add(new Accepted(vector, serverSeq, binding));
                }
            }
            if (accepted.isEmpty()) {
                return;
            }
            List<Event> batch = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            for (Accepted a : accepted) {
                batch.add(new Event.ValueAccepted(room.name(), a.vector(), a.serverSeq(), a.binding().to()));
                seqs.add(a.vector().seq());
            }
            if (!durable(connection, room, batch, seqs)) {
                return;
            }
            List<Message.Ack> acks = new ArrayList<>();
            for (Accepted a : accepted) {
                room.accept(a.vector(), a.serverSeq(), a.binding().to());
                acks.add(new Message.Ack(a.vector().seq(), a.serverSeq()));
            }
            snapshotIfDue(room);
            send(connection, batched ? new Message.Acks(acks) : acks.get(0));
            relay(room, connection, accepted, batched);
        }
    }

    /**
     * The sender's binding when {@code vector} may change the room (bound, within its lists, owned
     * by the sender if owned at all, within the room's value limit); otherwise refuses it and
     * returns null. {@code newKeys}: the keys this frame adds so far, counted against the limit.
     */
    private Binding permitted(Connection connection, Room room, MutationVector vector, Set<String> newKeys) {
        Binding binding = room.entanglements().binding(connection.clientId(), vector.selector());
        if (binding == null) {
            refuse(connection, ErrorCode.NOT_ENTANGLED,
                    connection.clientId() + " has not entangled '" + vector.selector() + "'", vector.seq());
            return null;
        }
        if (!binding.filter().permits(vector)) {
            refuse(connection, ErrorCode.ATTRIBUTE_NOT_ALLOWED, "'" + vector.name()
                    + "' is outside the attribute lists of the binding '" + vector.selector() + "'", vector.seq());
            return null;
        }
        if (room.isOwned(vector.selector()) && !connection.clientId().equals(room.ownerOf(vector.selector()))) {
            String holder = room.ownerOf(vector.selector());
            refuse(connection, ErrorCode.NOT_OWNER, "'" + vector.selector() + "' is owned"
                    + (holder == null ? " and nobody holds it: request it first" : " by " + holder), vector.seq());
            return null;
        }
        if (!room.hasValue(vector.key()) && !newKeys.contains(vector.key())) {
            if (room.valueCount() + newKeys.size() >= config.maxValuesPerRoom) {
                refuse(connection, ErrorCode.LIMIT_REACHED, "a room keeps at most " + config.maxValuesPerRoom
                        + " bound values", vector.seq());
                return null;
            }
            newKeys.add(vector.key());
        }
        return binding;
    }

    /** Sends each member the accepted changes it may see: one {@code mutation}, or one {@code mutations} frame. */
    private static void relay(Room room, Connection sender, List<Accepted> accepted, boolean batched) {
        Map<Connection, List<Message.Mutation>> outgoing = new LinkedHashMap<>();
        for (Accepted a : accepted) {
            Message.Mutation item = new Message.Mutation(a.vector(), a.serverSeq());
            for (Binding peer : room.entanglements().bindingsOf(a.vector().selector())) {
                Connection target = room.member(peer.clientId());
                if (target != null && target != sender && reaches(a.binding(), sender, peer, target, a.vector())) {
                    outgoing.computeIfAbsent(target, t -> new ArrayList<>()).add(item);
                }
            }
        }
        // Receivers that get the same changes get the same frame, encoded once for all of them.
        Map<List<Message.Mutation>, String> frames = new HashMap<>();
        outgoing.forEach((target, items) -> target.send(frames.computeIfAbsent(items, same -> MessageCodec.encode(
                batched && same.size() > 1 ? new Message.MutationBatch(same) : same.get(0)))));
    }

    /**
     * Whether a change made through {@code from} goes to {@code peer}: each binding's target
     * includes the other client (resolved now, with its teams), the peer takes changes in, and its
     * attribute lists let this one through.
     */
    private static boolean reaches(Binding from, Connection sender, Binding peer, Connection receiver,
            MutationVector vector) {
        return peer.mode().acceptsRemote()
                && from.to().includes(receiver.clientId(), receiver.teams())
                && peer.to().includes(sender.clientId(), sender.teams())
                && peer.filter().permits(vector);
    }

    private void textOpen(Connection connection, Message.TextOpen open) {
        String problem = Identifiers.problemWithSelector(open.doc());
        if (problem != null) {
            refuse(connection, ErrorCode.INVALID_FIELD, "doc " + problem, open.seq());
            return;
        }
        Room room = roomOf(connection);
        synchronized (room) {
            TextDocument existing = room.existingText(open.doc());
            if (existing == null && room.texts().size() >= config.maxDocumentsPerRoom) {
                refuse(connection, ErrorCode.LIMIT_REACHED, "a room keeps at most " + config.maxDocumentsPerRoom
                        + " documents", open.seq());
                return;
            }
            if ((existing == null || !existing.followers().contains(connection.clientId()))
                    && room.documentsFollowedBy(connection.clientId()) >= config.maxDocumentsPerClient) {
                refuse(connection, ErrorCode.LIMIT_REACHED, "a client may follow at most "
                        + config.maxDocumentsPerClient + " documents", open.seq());
                return;
            }
            TextDocument text = room.text(open.doc());
            text.followers().add(connection.clientId());
            Sequencer sequencer = text.sequencer();
            Long revision = open.revision();
            if (revision == null || !epoch.equals(open.epoch()) || revision < sequencer.oldestRevision()
                    || revision > sequencer.revision()) {
                send(connection, new Message.TextSnapshot(open.doc(), sequencer.revision(), sequencer.text(),
                        sequencer.lastClientSeq(connection.author())));
            } else {
                stats.resumed();
                // Catch up: the client's own commits come back as acks, so it knows they arrived.
                for (Sequencer.Commit commit : sequencer.since(revision)) {
                    if (commit.author().equals(connection.author())) {
                        send(connection, new Message.Ack(commit.clientSeq(), commit.revision()));
                    } else {
                        send(connection, new Message.TextOp(null, open.doc(), commit.revision(), commit.operation(),
                                clientIdOf(commit.author())));
                    }
                }
            }
            send(connection, new Message.Ack(open.seq(), null));
        }
    }

    private void textOp(Connection connection, Message.TextOp op) {
        if (op.operation().componentCount() > config.maxOperationComponents) {
            refuse(connection, ErrorCode.OPERATION_TOO_LARGE, "an operation may have at most "
                    + config.maxOperationComponents + " components, this one has " + op.operation().componentCount(),
                    op.seq());
            return;
        }
        if (!mayWrite(connection, op.seq())) {
            return;
        }
        Room room = roomOf(connection);
        synchronized (room) {
            TextDocument text = followed(connection, room, op.doc(), op.seq());
            if (text == null) {
                return;
            }
            Sequencer.Outcome outcome;
            try {
                outcome = text.sequencer().prepare(connection.author(), op.seq(), op.revision(), op.operation());
            } catch (Sequencer.InvalidOperation e) {
                refuse(connection, e instanceof Sequencer.RevisionTooOld ? ErrorCode.REVISION_TOO_OLD
                        : ErrorCode.INVALID_OPERATION, e.getMessage(), op.seq());
                return;
            }
            if (outcome instanceof Sequencer.Duplicate duplicate) {
                send(connection, new Message.Ack(op.seq(), duplicate.revision()));
                return;
            }
            Sequencer.Commit commit = ((Sequencer.Committed) outcome).commit();
            if (!durable(connection, room, new Event.TextCommitted(room.name(), op.doc(), commit.revision(),
                    commit.author(), commit.clientSeq(), commit.operation()), op.seq())) {
                return;
            }
            text.sequencer().apply(commit, clock.millis());
            snapshotIfDue(room);
            send(connection, new Message.Ack(op.seq(), commit.revision()));
            String frame = MessageCodec.encode(new Message.TextOp(null, op.doc(), commit.revision(), commit.operation(),
                    connection.clientId()));
            relay(room, text, connection, frame);
        }
    }

    private void textCursor(Connection connection, Message.TextCursor cursor) {
        Room room = roomOf(connection);
        synchronized (room) {
            TextDocument text = followed(connection, room, cursor.doc(), null);
            if (text != null) {
                relay(room, text, connection, MessageCodec.encode(new Message.TextCursor(cursor.doc(),
                        cursor.revision(), cursor.anchor(), cursor.head(), connection.clientId())));
            }
        }
    }

    /**
     * The ephemeral lane: relayed at once to the other members, encoded once, never logged, and
     * without the room's lock (which a change may hold across its write to the event log).
     */
    private void ephemeral(Connection connection, Message.Ephemeral ephemeral) {
        String problem = Identifiers.problemWithId(ephemeral.key());
        if (problem != null) {
            refuse(connection, ErrorCode.INVALID_FIELD, "key " + problem, null);
            return;
        }
        if (ephemeral.source() != null && !ephemeral.source().equals(connection.clientId())) {
            refuse(connection, ErrorCode.IDENTITY_MISMATCH, "connection of " + connection.clientId()
                    + " cannot send as " + ephemeral.source(), null);
            return;
        }
        String frame = MessageCodec.encode(new Message.Ephemeral(ephemeral.key(), ephemeral.value(),
                connection.clientId()));
        int bytes = HubStats.utf8Length(frame);
        if (bytes > config.maxEphemeralBytes) {
            refuse(connection, ErrorCode.FRAME_TOO_LARGE, "an ephemeral message may be " + config.maxEphemeralBytes
                    + " bytes as relayed, this one is " + bytes, null);
            return;
        }
        String coalesceKey = connection.clientId() + '\n' + ephemeral.key();
        int receivers = 0;
        for (Connection member : roomOf(connection).membersNow()) {
            if (member != connection) {
                member.sendEphemeral(coalesceKey, frame);
                receivers++;
            }
        }
        stats.ephemeralRelayed(receivers);
    }

    /** Appends to the event log; when that fails the change is refused, so nothing unlogged is acknowledged. */
    private boolean durable(Connection connection, Room room, Event event, Long seq) {
        return durable(connection, room, List.of(event), Collections.singletonList(seq));
    }

    /** Appends {@code batch} as one transaction; when that fails every change in it is refused (by its {@code seqs}). */
    private boolean durable(Connection connection, Room room, List<Event> batch, List<Long> seqs) {
        if (append(room, batch)) {
            return true;
        }
        for (Long seq : seqs) {
            refuse(connection, ErrorCode.STORAGE_FAILED, "the hub could not store this change; send it again later", seq);
        }
        return false;
    }

    /** Appends {@code batch} as one transaction (hold the room's lock); false when the log failed. */
    private boolean append(Room room, List<Event> batch) {
        long started = System.nanoTime();
        try {
            long last = events.appendAll(batch); // with others' from any room, in one transaction
            for (int i = 0; i < batch.size(); i++) {
                room.logged(last);
            }
        } catch (EventLogException e) {
            log.error("could not log {} event(s) in room {}", batch.size(), room.name(), e);
            return false;
        }
        stats.appended(System.nanoTime() - started);
        return true;
    }

    /**
     * Every {@code snapshotEvery} events a room is snapshotted: the log drops its events before the
     * snapshot. Each document keeps its recent operations (in memory and in the snapshot) for clients
     * catching up: the last {@code textHistory}, and all applied within the session grace period.
     */
    private void snapshotIfDue(Room room) {
        if (room.eventsSinceSnapshot() >= config.snapshotEvery) {
            snapshot(room);
        }
    }

    private void snapshot(Room room) {
        try {
            long appliedSince = clock.millis() - config.sessionGraceMillis;
            for (TextDocument text : room.texts()) {
                text.sequencer().keepLast(config.textHistory, appliedSince);
            }
            events.snapshot(room.snapshot(), room.lastPosition());
        } catch (EventLogException e) {
            // The events are still in the log: nothing is lost, the restart is only longer.
            log.warn("could not snapshot room {}", room.name(), e);
        }
    }

    /** Snapshots every room with events since its last snapshot (at a graceful stop, so the next start is quick). */
    void snapshotAll() {
        for (Room room : rooms.values()) {
            synchronized (room) {
                if (room.eventsSinceSnapshot() > 0) {
                    snapshot(room);
                }
            }
        }
    }

    private TextDocument followed(Connection connection, Room room, String doc, Long seq) {
        TextDocument text = room.existingText(doc);
        if (text == null || !text.followers().contains(connection.clientId())) {
            refuse(connection, ErrorCode.NOT_OPEN, connection.clientId() + " has not opened document '" + doc + "'", seq);
            return null;
        }
        return text;
    }

    private static void relay(Room room, TextDocument text, Connection from, String frame) {
        for (String follower : text.followers()) {
            Connection target = room.member(follower);
            if (target != null && target != from) {
                target.send(frame);
            }
        }
    }

    private static String clientIdOf(String author) {
        return author.substring(0, author.indexOf('#'));
    }

    private Room roomOf(Connection connection) {
        return room(connection.room());
    }

    /**
     * The room an HTTP client names, made if needed; null when the hub keeps no more rooms. (An
     * HTTP client is no member: a room it alone uses stays, as its synchronised state does.)
     */
    Room roomForHttp(String name) {
        Room room = rooms.get(name);
        if (room == null && rooms.size() >= config.maxRooms) {
            return null;
        }
        return room(name);
    }

    /** {@link #roomForHttp}, refused (503 {@code limit_reached}) when the hub keeps no more rooms. */
    Room openForHttp(String name) throws HttpRefusal {
        Room room = roomForHttp(name);
        if (room == null) {
            throw new HttpRefusal(503, ErrorCode.LIMIT_REACHED, "the hub keeps at most " + config.maxRooms + " rooms");
        }
        return room;
    }

    /**
     * Who an HTTP request with {@code token} is, in {@code room}: the token's client id, or
     * {@code anonymous} on a hub without tokens. Throws {@link TokenException} with the code to
     * answer when it may not ({@code write}: change) the room.
     */
    String httpIdentity(String token, String room, String anonymous, boolean write) throws TokenException {
        if (tokens == null) {
            return anonymous;
        }
        if (token == null) {
            throw new TokenException(ErrorCode.TOKEN_REQUIRED, "this hub requires an access token");
        }
        AccessToken verified = tokens.verify(token, clock.instant());
        AccessToken.Access access = verified.access(room);
        if (access == null) {
            throw new TokenException(ErrorCode.ROOM_FORBIDDEN, "the token does not name room '" + room + "'");
        }
        if (write && access == AccessToken.Access.READ) {
            throw new TokenException(ErrorCode.READ_ONLY, verified.clientId() + " may read room '" + room
                    + "' but not change it");
        }
        return verified.clientId();
    }

    private void refuse(Connection connection, ErrorCode code, String message, Long seq) {
        stats.refused(code);
        send(connection, new Message.Error(code, message, seq));
    }

    private void send(Connection connection, Message message) {
        connection.send(MessageCodec.encode(message));
    }

    private static String roomProblem(String room) {
        String problem = Identifiers.problemWithId(room);
        return problem == null ? null : "room " + problem;
    }

    /** A batch from a client carries no server sequence numbers (those are the hub's to give). */
    private static boolean allFromClient(Message.MutationBatch batch) {
        for (Message.Mutation item : batch.items()) {
            if (item.serverSeq() != null) {
                return false;
            }
        }
        return true;
    }

    private static Long seqOf(Message message) {
        if (message instanceof Message.Entangle m) {
            return m.seq();
        }
        if (message instanceof Message.TextOpen m) {
            return m.seq();
        }
        if (message instanceof Message.TextOp m) {
            return m.seq();
        }
        if (message instanceof Message.Disentangle m) {
            return m.seq();
        }
        if (message instanceof Message.Mutation m) {
            return m.vector().seq();
        }
        if (message instanceof Message.MutationBatch m) {
            return m.items().get(0).vector().seq();
        }
        if (message instanceof Message.Own m) {
            return m.seq();
        }
        return null;
    }

    /** The room {@code name} as the hub keeps it now, or null (nothing is made). Read it holding its monitor. */
    Room existingRoom(String name) {
        return rooms.get(name);
    }
}
