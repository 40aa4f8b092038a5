package dev.entangle.hub.sync;

import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.core.sync.SyncDocument;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shapes of the operation-sync contract that {@code ModernSyncEngine} clients speak
 * ({@code PendingOperation}, {@code OperationConfirmation}, {@code StateSyncRequest},
 * {@code StateSyncResponse}, {@code NotificationMessage}), read and written field for field, and
 * translated to and from the hub's own operations, verdicts and deltas. No I/O and no hub state:
 * the endpoints hand it what they parsed and what {@link SyncRoom} answered.
 */
public final class ContractShapes {

    /** A request the contract does not allow: the stable code, and why. Answered with a 4xx; nothing ran. */
    public static final class BadRequest extends Exception {
        private final ErrorCode code;

        public BadRequest(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    /** One {@code PendingOperation} as sent: its arguments already mapped for the hub's mutator. */
    public record Pending(String name, Object args, long id, String clientId, long timestamp) {
    }

    /** A {@code StateSyncRequest}: {@code from} is null for a first sync (no or an empty {@code stateVersion}). */
    public record StateRequest(Long from, String epoch, List<String> types) {
    }

    private static final Set<String> PUSH_FIELDS = Set.of("operations");
    private static final Set<String> STATE_FIELDS = Set.of("stateVersion", "entityTypes", "lastSyncTimestamp");

    private ContractShapes() {
    }

    /**
     * The operations of a {@code {operations: PendingOperation[]}} body, every one checked before
     * any runs. {@code parameters} names the positional arguments of the mutators that declared
     * them: {@code ["milk", "t1"]} for {@code addTodo(title, id)} becomes {@code {title, id}}.
     */
    public static List<Pending> operations(JsonObject body, int max, Map<String, List<String>> parameters)
            throws BadRequest, JsonException {
        onlyKnownFields(body, PUSH_FIELDS);
        List<?> items = body.array("operations");
        if (items.isEmpty()) {
            throw new BadRequest(ErrorCode.MISSING_FIELD, "'operations' holds no operation: send 1 to " + max);
        }
        if (items.size() > max) {
            throw new BadRequest(ErrorCode.OPERATION_TOO_LARGE, "a push holds 1 to " + max + " operations, got "
                    + items.size());
        }
        List<Pending> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = "operations[" + i + "]: ";
            try {
                JsonObject op = JsonObject.from(items.get(i));
                String name = op.string("name");
                if (name.isEmpty()) {
                    throw new BadRequest(ErrorCode.INVALID_FIELD, "field 'name' must not be empty");
                }
                long id = op.longValue("id");
                if (id < 1) {
                    throw new BadRequest(ErrorCode.INVALID_FIELD, "field 'id' must be 1 or more (increasing per clientId), got "
                            + id);
                }
                String clientId = op.string("clientId");
                String problem = Identifiers.problemWithId(clientId);
                if (problem != null) {
                    throw new BadRequest(ErrorCode.INVALID_FIELD, "field 'clientId' " + problem);
                }
                long timestamp = op.longValue("timestamp");
                out.add(new Pending(name, arguments(name, op.array("args"), parameters.get(name)), id, clientId, timestamp));
            } catch (JsonException e) {
                throw new BadRequest(MessageCodec.codeOf(e), where + e.getMessage());
            } catch (BadRequest e) {
                throw new BadRequest(e.code(), where + e.getMessage());
            }
        }
        return out;
    }

    /**
     * What a mutator receives for an array of arguments: an object keyed by its declared
     * parameter names; without names, the only argument when it is an object, else the array.
     */
    static Object arguments(String name, List<?> args, List<String> names) throws BadRequest {
        if (names == null) {
            return args.size() == 1 && args.get(0) instanceof Map<?, ?> only ? only : args;
        }
        if (args.size() > names.size()) {
            throw new BadRequest(ErrorCode.INVALID_FIELD, name + " takes at most " + names.size() + " arguments ("
                    + String.join(", ", names) + "), got " + args.size());
        }
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            named.put(names.get(i), args.get(i));
        }
        return named;
    }

    /** {@code OperationConfirmation}, with the stable {@code code} of a refusal as an extra field. */
    public static Map<String, Object> confirmation(OperationResult result, String clientId) {
        return JsonObject.builder()
                .put("operationId", result.id())
                .put("clientId", clientId)
                .put("success", result.success())
                .put("error", result.error())
                .put("serverTimestamp", result.serverTimestamp())
                .put("code", result.code())
                .build();
    }

    /** A {@code StateSyncRequest}; an empty body is a first sync. */
    public static StateRequest stateRequest(JsonObject body) throws BadRequest {
        try {
            onlyKnownFields(body, STATE_FIELDS);
            if (body.has("lastSyncTimestamp")) {
                body.longValue("lastSyncTimestamp"); // accepted and checked; the version says all the hub needs
            }
            List<String> types = null;
            if (body.has("entityTypes")) {
                types = new ArrayList<>();
                for (Object type : body.array("entityTypes")) {
                    if (!(type instanceof String name) || Identifiers.problemWithId(name) != null) {
                        throw new BadRequest(ErrorCode.INVALID_FIELD, "'entityTypes' must hold type names (1-64 letters,"
                                + " digits, - _ . : @), got " + type);
                    }
                    types.add(name);
                }
            }
            String version = body.optionalString("stateVersion");
            if (version == null || version.isEmpty()) {
                return new StateRequest(null, null, types);
            }
            int colon = version.indexOf(':');
            long from = colon < 1 ? -1 : parseVersion(version.substring(0, colon));
            if (from < 0 || colon == version.length() - 1) {
                throw new BadRequest(ErrorCode.INVALID_FIELD, "'stateVersion' must be \"\" or a version this hub"
                        + " gave (\"<number>:<history>\"), got \"" + version + "\"");
            }
            return new StateRequest(from, version.substring(colon + 1), types);
        } catch (JsonException e) {
            throw new BadRequest(MessageCodec.codeOf(e), e.getMessage());
        }
    }

    /** The contract's {@code stateVersion}: the hub's version in its history (the event log's epoch). */
    public static String version(long version, String epoch) {
        return version + ":" + epoch;
    }

    /**
     * A {@code StateSyncResponse} for {@code delta}, with the entities it touched as they are now
     * in {@code state} (read under the same lock). Each entity is a {@code ValidatedEntity}:
     * {@code {id, type, data, isValid}}. A removed entity's id is in {@code deletedEntityIds} and,
     * with its type, in the extra {@code deletedEntities}. A full delta lists every entity and
     * says {@code full: true}: drop what you hold that it does not list.
     */
    public static Map<String, Object> stateResponse(ServerDelta delta, SyncDocument state, String epoch, long now) {
        List<Object> entities = new ArrayList<>();
        List<Object> deletedIds = new ArrayList<>();
        List<Object> deleted = new ArrayList<>();
        for (Map.Entry<String, List<Operation>> atom : delta.data().byAtom().entrySet()) {
            String type = atom.getKey();
            for (String id : touched(atom.getValue(), state.entities(type).keySet())) {
                Object entity = state.get(type, id);
                if (entity != null) {
                    entities.add(JsonObject.builder().put("id", id).put("type", type).put("data", entity)
                            .put("isValid", true).build());
                } else {
                    deletedIds.add(id);
                    deleted.add(JsonObject.builder().put("type", type).put("id", id).build());
                }
            }
        }
        JsonObject.Builder out = JsonObject.builder()
                .put("stateVersion", version(delta.serverSeq(), epoch))
                .put("entities", entities)
                .put("deletedEntityIds", deletedIds)
                .put("syncTimestamp", now)
                .put("deletedEntities", deleted);
        if (delta.full()) {
            out.put("full", true);
        }
        return out.build();
    }

    /** {@code NotificationMessage}: {@code {type, payload, timestamp}}. */
    public static String notification(String type, Map<String, Object> payload, long timestamp) {
        return JsonObject.builder().put("type", type).put("payload", payload).put("timestamp", timestamp).write();
    }

    /** The payload of {@code state_changed}. */
    public static Map<String, Object> stateChanged(ServerDelta delta, String epoch, String trigger) {
        return JsonObject.builder()
                .put("stateVersion", version(delta.serverSeq(), epoch))
                .put("affectedEntityTypes", new ArrayList<>(delta.data().byAtom().keySet()))
                .put("triggerClientId", trigger)
                .build();
    }

    /**
     * The replica id the hub keeps a contract client's operation numbers under: its client id
     * seen through who is asking ({@code subject}: the token's subject, or the anonymous name),
     * so one user cannot number operations as another's client, and contract clients never
     * share numbers with the hub's own replicas.
     */
    public static String replicaOf(String subject, String clientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((subject + "\u0000" + clientId).getBytes(StandardCharsets.UTF_8));
            return "c-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static Set<String> touched(List<Operation> ops, Set<String> present) {
        Set<String> ids = new LinkedHashSet<>();
        for (Operation op : ops) {
            if (op.path().isRoot()) {
                ids.addAll(present);
            } else {
                ids.add(op.path().tokens().get(0));
            }
            if (op.from() != null && !op.from().isRoot()) {
                ids.add(op.from().tokens().get(0));
            }
        }
        return ids;
    }

    private static void onlyKnownFields(JsonObject body, Set<String> known) throws BadRequest {
        for (Object key : body.asMap().keySet()) {
            if (!known.contains(key)) {
                throw new BadRequest(ErrorCode.INVALID_FIELD, "unknown field '" + key + "' (expected "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static long parseVersion(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}
