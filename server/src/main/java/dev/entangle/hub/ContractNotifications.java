package dev.entangle.hub;

import dev.entangle.hub.feature.sync.SyncHub;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.hub.auth.TokenException;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.WebSocketOutlet;
import dev.entangle.hub.sync.ContractShapes;
import dev.entangle.hub.sync.SyncRoom;
import io.javalin.http.Context;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operation-sync contract's notification socket, {@code ws://host/sync/notify}: the hub sends
 * {@code NotificationMessage}s ({@code state_changed}, {@code operation_confirmed},
 * {@code client_connected}, {@code client_disconnected}) and reads nothing. Query parameters:
 * {@code room} (else {@link HubConfig#contractRoom}), {@code clientId} (whose verdicts to hear,
 * and the id shown in presence), {@code entityTypes} (comma-separated) and {@code token} (or
 * {@code Authorization: Bearer}). A bad request is refused before the upgrade with a 4xx and
 * {@code {code, message}}. It follows the room through {@link SyncHub} like every other follower.
 */
final class ContractNotifications {
    /** How a request that passed the checks before the upgrade is carried to the socket. */
    private static final String WATCH = "entangle.contract.watch";

    private final Hub hub;
    private final HubConfig config;
    private final Clock clock = Clock.systemUTC();
    /** Open sockets (by follower key) and the room each follows, to unfollow on close. */
    private final Map<String, Room> open = new ConcurrentHashMap<>();

    ContractNotifications(Hub hub, HubConfig config) {
        this.hub = hub;
        this.config = config;
    }

    /** What one socket follows: the room, the client id it speaks for (or null) and its replica, the types. */
    private record Watch(String room, String clientId, String replicaId, List<String> types) {
    }

    /** Before the upgrade: checks the request, so a bad one gets its 4xx instead of a socket. */
    void beforeUpgrade(Context ctx) throws HttpRefusal, IOException {
        try {
            ctx.attribute(WATCH, watch(ctx.queryParam("room"), ctx.header(ContractEndpoints.ROOM_HEADER),
                    ctx.queryParam("clientId"), ctx.queryParam("entityTypes"), token(ctx.queryParam("token"),
                            ctx.header("Authorization"))));
        } catch (HttpRefusal r) {
            // Javalin drops a result set before an upgrade: the answer is written to the response itself.
            ctx.res().setStatus(r.status);
            ctx.res().setContentType("application/json");
            ctx.res().getOutputStream().write(r.json().getBytes(StandardCharsets.UTF_8));
            ctx.res().flushBuffer();
            throw r; // and no upgrade
        }
    }

    void opened(WsConnectContext ctx) {
        Watch watch = ctx.attribute(WATCH);
        if (watch == null) {
            try {
                watch = watch(ctx.queryParam("room"), ctx.header(ContractEndpoints.ROOM_HEADER), ctx.queryParam("clientId"),
                        ctx.queryParam("entityTypes"), token(ctx.queryParam("token"), ctx.header("Authorization")));
            } catch (HttpRefusal r) {
                ctx.closeSession(WebSocketOutlet.POLICY_VIOLATION, r.code.wire() + ": " + r.getMessage());
                return;
            }
        }
        Room room = hub.roomForHttp(watch.room());
        if (room == null) {
            ctx.closeSession(WebSocketOutlet.POLICY_VIOLATION, ErrorCode.LIMIT_REACHED.wire() + ": the hub keeps at most "
                    + config.maxRooms + " rooms");
            return;
        }
        ctx.enableAutomaticPings(config.heartbeatMillis, TimeUnit.MILLISECONDS); // browsers send no pings of their own
        WebSocketOutlet outlet = new WebSocketOutlet(ctx.session, config.maxQueuedFrames,
                frame -> hub.stats().sent(HubStats.utf8Length(frame)));
        String epoch = hub.epoch();
        Watch mine = watch;
        AtomicBoolean first = new AtomicBoolean(true);
        SyncHub.Delivery delivery = (message, trigger) -> {
            String frame = notification(message, trigger, mine, epoch, first.getAndSet(false));
            if (frame != null) {
                outlet.send(frame);
            }
        };
        open.put(key(ctx), room);
        long version = hub.sync().read(room, SyncRoom::version);
        hub.sync().follow(room, new SyncHub.Follower(key(ctx), null, watch.replicaId(), watch.types(), delivery,
                watch.clientId()), version);
    }

    void closed(WsContext ctx) {
        Room room = open.remove(key(ctx));
        if (room != null) {
            hub.sync().unfollow(room, key(ctx));
        }
    }

    /** The frame for one of the hub's sync messages, or null when this socket has nothing to hear of it. */
    private String notification(Message message, String trigger, Watch watch, String epoch, boolean first) {
        long now = clock.millis();
        if (message instanceof Message.StateChanged changed) {
            ServerDelta delta = changed.delta();
            if (!first && delta.data().isEmpty() && !delta.full()) {
                return null; // a change to types this socket does not follow
            }
            return ContractShapes.notification("state_changed", ContractShapes.stateChanged(delta, epoch, trigger), now);
        }
        if (message instanceof Message.OperationConfirmed confirmed) {
            return ContractShapes.notification("operation_confirmed",
                    ContractShapes.confirmation(confirmed.result(), watch.clientId()), now);
        }
        if (message instanceof Message.ClientPresence presence) {
            return ContractShapes.notification(presence.connected() ? "client_connected" : "client_disconnected",
                    Map.of("clientId", presence.clientId()), now);
        }
        return null;
    }

    private Watch watch(String roomParam, String roomHeader, String clientId, String typeList, String token)
            throws HttpRefusal {
        String room = ContractEndpoints.room(roomParam, roomHeader, config.contractRoom);
        String problem = clientId == null ? null : Identifiers.problemWithId(clientId);
        if (problem != null) {
            throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, "clientId " + problem);
        }
        List<String> types = typeList == null || typeList.isEmpty() ? null : List.of(typeList.split(",", -1));
        if (types != null && SyncHub.typesProblem(types) != null) {
            throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, "entityTypes: " + SyncHub.typesProblem(types));
        }
        String subject;
        try {
            subject = hub.httpIdentity(token, room, "http", false);
        } catch (TokenException e) {
            throw HttpRefusal.of(e);
        }
        return new Watch(room, clientId, clientId == null ? null : ContractShapes.replicaOf(subject, clientId), types);
    }

    /** A browser cannot set headers on a WebSocket: the token may come as {@code ?token=}. */
    private static String token(String query, String authorization) {
        if (query != null) {
            return query;
        }
        return ContractEndpoints.bearer(authorization);
    }

    private static String key(WsContext ctx) {
        return "notify:" + ctx.sessionId();
    }
}
