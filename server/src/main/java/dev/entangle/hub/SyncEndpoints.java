package dev.entangle.hub;

import dev.entangle.hub.feature.sync.SyncHub;
import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.SyncCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.hub.auth.TokenException;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.RateLimit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operation-based sync over plain HTTP, for clients without a WebSocket:
 * {@code POST /sync/operations}, {@code POST /sync/state} and the server-sent-events stream
 * {@code GET /sync/events}. Every answer is JSON; a refusal is {@code {code, message}} with an
 * HTTP status that fits (400 bad input, 401/403 tokens, 413 too large, 429 too fast, 503 full).
 * A body that names a {@code room} is in the hub's own shapes; one that names none is in the
 * operation-sync contract's ({@code ModernSyncEngine} clients), answered by {@link ContractEndpoints}.
 */
final class SyncEndpoints {
    private static final Logger log = LoggerFactory.getLogger(SyncEndpoints.class);
    /** Remote addresses whose rate is tracked; past this many the table starts afresh (bounded memory). */
    private static final int MAX_TRACKED_ADDRESSES = 10_000;

    private final Hub hub;
    private final HubConfig config;
    private final Map<String, RateLimit> rates = new ConcurrentHashMap<>();
    /** Writes to event streams leave the room's lock at once; one thread keeps each stream in order. */
    private final ExecutorService streams = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "entangle-sse");
        thread.setDaemon(true);
        return thread;
    });

    private final ContractEndpoints contract;

    SyncEndpoints(Hub hub, HubConfig config) {
        this.hub = hub;
        this.config = config;
        this.contract = new ContractEndpoints(hub, config);
    }

    /** {@code POST /sync/operations}: {@code {room, operations, token?}} in, {@code {results}} out. */
    void operations(Context ctx) {
        answer(ctx, () -> {
            JsonObject body = body(ctx);
            if (!body.asMap().containsKey("room")) {
                return contract.operations(ctx, body);
            }
            String room = room(body);
            List<PushedOperation> operations;
            try {
                operations = SyncCodec.decodeOperations(body.array("operations"));
            } catch (ProtocolException e) {
                throw new HttpRefusal(400, e.code(), e.getMessage());
            }
            if (operations.isEmpty() || operations.size() > config.maxOperationsPerPush) {
                throw new HttpRefusal(413, ErrorCode.OPERATION_TOO_LARGE, "a push holds 1 to " + config.maxOperationsPerPush
                        + " operations, got " + operations.size());
            }
            String author = identity(ctx, body, room, true);
            Room target = hub.openForHttp(room);
            List<OperationResult> verdicts = hub.sync().push(target, author, operations);
            hub.sync().confirmToStreams(target, operations, verdicts);
            List<Object> results = new ArrayList<>();
            for (OperationResult result : verdicts) {
                JsonObject.Builder out = JsonObject.builder();
                SyncCodec.encodeResult(result, out);
                results.add(out.build());
            }
            return JsonObject.builder().put("results", results).write();
        });
    }

    /** {@code POST /sync/state}: {@code {room, clientId, stateVersion, types?, token?}} in, a {@code state_changed} out. */
    void state(Context ctx) {
        answer(ctx, () -> {
            byte[] bytes = bytes(ctx);
            JsonObject body = new String(bytes, StandardCharsets.UTF_8).isBlank() ? Json.parseObject("{}") : parse(bytes);
            if (!body.asMap().containsKey("room")) {
                return contract.state(ctx, body); // an empty body is a contract client's first sync
            }
            String room = room(body);
            String replica = replica(body.string("clientId"));
            long from = body.longValue("stateVersion");
            List<String> types = types(body);
            identity(ctx, body, room, false);
            return MessageCodec.encode(new Message.StateChanged(hub.sync().pull(hub.openForHttp(room), replica, from, types)));
        });
    }

    /**
     * {@code GET /sync/events?room=&clientId=&stateVersion=&types=a,b&token=}: server-sent events
     * {@code state_changed} (first the catch-up from {@code stateVersion}, then one per change),
     * {@code operation_confirmed} (the verdicts on this replica's operations pushed over HTTP),
     * {@code client_connected} and {@code client_disconnected}; each event's data is the JSON message.
     * The request must accept {@code text/event-stream} (as {@code EventSource} does).
     */
    void events(SseClient client) {
        Context ctx = client.ctx();
        try {
            String room = ctx.queryParam("room");
            String problem = room == null ? "query parameter 'room' is required" : Identifiers.problemWithId(room);
            if (problem != null) {
                throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, problem);
            }
            String replica = replica(ctx.queryParam("clientId"));
            long from;
            try {
                from = Long.parseLong(ctx.queryParamAsClass("stateVersion", String.class).getOrDefault("0"));
            } catch (NumberFormatException e) {
                throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, "stateVersion must be a whole number");
            }
            String typeList = ctx.queryParam("types");
            List<String> types = typeList == null || typeList.isEmpty() ? null : List.of(typeList.split(","));
            if (types != null && SyncHub.typesProblem(types) != null) {
                throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, SyncHub.typesProblem(types));
            }
            try {
                hub.httpIdentity(ctx.queryParam("token"), room, "http", false);
            } catch (TokenException e) {
                throw HttpRefusal.of(e);
            }
            Room target = hub.openForHttp(room);
            String key = "sse:" + UUID.randomUUID();
            client.keepAlive();
            client.onClose(() -> hub.sync().unfollow(target, key));
            hub.sync().follow(target, new SyncHub.Follower(key, null, replica, types, message -> streams.execute(() -> {
                if (!client.terminated()) {
                    client.sendEvent(message.type(), MessageCodec.encode(message));
                }
            })), from);
        } catch (RuntimeException e) {
            log.error("internal error opening an event stream", e);
            client.close();
        } catch (HttpRefusal r) {
            client.sendEvent("error", r.json());
            client.close();
        }
    }

    private interface Answer {
        String json() throws HttpRefusal, JsonException;
    }

    private void answer(Context ctx, Answer answer) {
        String status;
        try {
            limit(ctx);
            ctx.contentType("application/json").result(answer.json());
            return;
        } catch (HttpRefusal r) {
            ctx.status(r.status);
            status = r.json();
        } catch (JsonException e) {
            ctx.status(400);
            status = JsonObject.builder().put("code", MessageCodec.codeOf(e).wire()).put("message", e.getMessage())
                    .write();
        } catch (RuntimeException e) {
            log.error("internal error answering {}", ctx.path(), e);
            ctx.status(500);
            status = JsonObject.builder().put("code", ErrorCode.INTERNAL.wire())
                    .put("message", "the hub failed to answer " + ctx.path()).write();
        }
        ctx.contentType("application/json").result(status);
    }

    private void limit(Context ctx) throws HttpRefusal {
        if (config.messagesPerSecond <= 0) {
            return;
        }
        if (rates.size() > MAX_TRACKED_ADDRESSES) {
            rates.clear();
        }
        RateLimit rate = rates.computeIfAbsent(ctx.ip(), ip -> new RateLimit(config.messagesPerSecond,
                config.burstMessages, config.bytesPerSecond, config.burstBytes));
        String length = ctx.header("Content-Length");
        // An empty or chunked body still costs a byte: the bucket refuses to take nothing.
        int bytes = length == null ? 1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Long.parseLong(length)));
        if (rate.take(bytes) != RateLimit.Verdict.ACCEPTED) {
            throw new HttpRefusal(429, ErrorCode.RATE_LIMITED, "more than " + config.messagesPerSecond
                    + " requests per second from this address; send it again later");
        }
    }

    private JsonObject body(Context ctx) throws HttpRefusal, JsonException {
        return parse(bytes(ctx));
    }

    private byte[] bytes(Context ctx) throws HttpRefusal {
        byte[] bytes;
        try {
            bytes = ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            // Javalin's own ceiling (maxRequestSize) for a body that did not say its length.
            throw new HttpRefusal(e.getStatus() == 413 ? 413 : 400, e.getStatus() == 413 ? ErrorCode.FRAME_TOO_LARGE
                    : ErrorCode.MALFORMED_JSON, "the body could not be read: " + e.getMessage());
        }
        if (bytes.length > config.maxFrameBytes) {
            throw tooLarge(bytes.length);
        }
        return bytes;
    }

    private HttpRefusal tooLarge(long bytes) {
        return new HttpRefusal(413, ErrorCode.FRAME_TOO_LARGE, "a body of " + bytes + " bytes exceeds the limit of "
                + config.maxFrameBytes);
    }

    private static JsonObject parse(byte[] bytes) throws JsonException {
        return Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
    }

    private static String room(JsonObject body) throws HttpRefusal, JsonException {
        String room = body.string("room");
        String problem = Identifiers.problemWithId(room);
        if (problem != null) {
            throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, "room " + problem);
        }
        return room;
    }

    private static String replica(String id) throws HttpRefusal {
        String problem = id == null ? "is required" : Identifiers.problemWithId(id);
        if (problem != null) {
            throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, "clientId " + problem);
        }
        return id;
    }

    private static List<String> types(JsonObject body) throws HttpRefusal, JsonException {
        if (!body.has("types")) {
            return null;
        }
        List<String> types = new ArrayList<>();
        for (Object type : body.array("types")) {
            if (!(type instanceof String name)) {
                throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, "types must be strings");
            }
            types.add(name);
        }
        String problem = SyncHub.typesProblem(types);
        if (problem != null) {
            throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, problem);
        }
        return types;
    }

    private String identity(Context ctx, JsonObject body, String room, boolean write) throws HttpRefusal, JsonException {
        String token = body.optionalString("token");
        String header = ctx.header("Authorization");
        if (token == null && header != null && header.startsWith("Bearer ")) {
            token = header.substring("Bearer ".length());
        }
        try {
            return hub.httpIdentity(token, room, "http", write);
        } catch (TokenException e) {
            throw HttpRefusal.of(e);
        }
    }


    void stop() {
        streams.shutdownNow();
    }
}
