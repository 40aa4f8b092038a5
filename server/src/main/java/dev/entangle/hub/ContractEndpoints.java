package dev.entangle.hub;

import dev.entangle.hub.feature.sync.SyncHub;
import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.hub.auth.TokenException;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.sync.ContractShapes;
import dev.entangle.hub.sync.ContractShapes.BadRequest;
import dev.entangle.hub.sync.ContractShapes.Pending;
import dev.entangle.hub.sync.ContractShapes.StateRequest;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /sync/operations} and {@code POST /sync/state} in the operation-sync contract's
 * shapes ({@code ModernSyncEngine} clients): the requests {@link SyncEndpoints} hands over because
 * their body names no {@code room}. The room comes from {@code ?room=}, the
 * {@code X-Entangle-Room} header, or {@link HubConfig#contractRoom}; a token from
 * {@code Authorization: Bearer}. Operations run through {@link SyncHub} exactly as the hub's own
 * clients' do.
 */
final class ContractEndpoints {
    static final String ROOM_HEADER = "X-Entangle-Room";

    private final Hub hub;
    private final HubConfig config;
    private final Clock clock = Clock.systemUTC();

    ContractEndpoints(Hub hub, HubConfig config) {
        this.hub = hub;
        this.config = config;
    }

    /** {@code {operations: PendingOperation[]}} in, {@code {confirmations: OperationConfirmation[]}} out. */
    String operations(Context ctx, JsonObject body) throws HttpRefusal, JsonException {
        String room = room(ctx.queryParam("room"), ctx.header(ROOM_HEADER), config.contractRoom);
        List<Pending> pending;
        try {
            pending = ContractShapes.operations(body, config.maxOperationsPerPush, config.parameters);
        } catch (BadRequest e) {
            throw new HttpRefusal(e.code() == ErrorCode.OPERATION_TOO_LARGE ? 413 : 400, e.code(), e.getMessage());
        }
        String subject = identity(ctx, room, true);
        List<PushedOperation> operations = new ArrayList<>();
        String trigger = pending.get(0).clientId();
        for (Pending p : pending) {
            operations.add(new PushedOperation(p.id(), ContractShapes.replicaOf(subject, p.clientId()), p.name(), p.args(),
                    p.timestamp()));
            if (!p.clientId().equals(trigger)) {
                trigger = null; // several clients in one push: none of them alone caused the change
            }
        }
        Room target = hub.openForHttp(room);
        List<OperationResult> verdicts = hub.sync().push(target, subject, trigger, operations);
        hub.sync().confirmToStreams(target, operations, verdicts);
        List<Object> confirmations = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            confirmations.add(ContractShapes.confirmation(verdicts.get(i), pending.get(i).clientId()));
        }
        return JsonObject.builder().put("confirmations", confirmations).write();
    }

    /** A {@code StateSyncRequest} in (an empty body is a first sync), a {@code StateSyncResponse} out. */
    String state(Context ctx, JsonObject body) throws HttpRefusal {
        String room = room(ctx.queryParam("room"), ctx.header(ROOM_HEADER), config.contractRoom);
        StateRequest request;
        try {
            request = ContractShapes.stateRequest(body);
        } catch (BadRequest e) {
            throw new HttpRefusal(400, e.code(), e.getMessage());
        }
        identity(ctx, room, false);
        String epoch = hub.epoch();
        // A version of another history (a hub started afresh) is no version here: the whole state.
        long from = request.from() == null || !epoch.equals(request.epoch()) ? -1 : request.from();
        long now = clock.millis();
        return hub.sync().read(hub.openForHttp(room), sync -> Json.write(ContractShapes.stateResponse(
                sync.since(from, "", request.types(), now), sync.state(), epoch, now)));
    }

    /** The room a contract request names ({@code ?room=}, else the header), else {@code fallback}. */
    static String room(String query, String header, String fallback) throws HttpRefusal {
        String room = query != null ? query : header != null ? header : fallback;
        String problem = Identifiers.problemWithId(room);
        if (problem != null) {
            throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, "room " + problem);
        }
        return room;
    }

    /** The token of an {@code Authorization: Bearer …} header, or null. */
    static String bearer(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).strip() : null;
    }

    private String identity(Context ctx, String room, boolean write) throws HttpRefusal {
        try {
            return hub.httpIdentity(bearer(ctx.header("Authorization")), room, "http", write);
        } catch (TokenException e) {
            throw HttpRefusal.of(e);
        }
    }

}
