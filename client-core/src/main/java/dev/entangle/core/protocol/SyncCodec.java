package dev.entangle.core.protocol;

import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.patch.PatchException;
import dev.entangle.core.sync.AtomPatches;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.ServerDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * The payloads of named operations — pushed operations, state deltas, verdicts — as the
 * {@code sync_*} frames carry them and as the HTTP sync endpoints send them: one form for both.
 */
public final class SyncCodec {
    private SyncCodec() {
    }

    /** The named operations' frames, for {@link MessageCodec}: the hub, the JVM and the browser's sync clients read them. */
    public static final MessageFamily FAMILY = new MessageFamily() {
        @Override
        public Message decode(String type, JsonObject in) throws ProtocolException, JsonException {
            // Not a switch on the string: see CoreKinds.readHubKind.
            if (type.equals("sync_subscribe")) {
                return new Message.SyncSubscribe(in.string("clientId"), in.longValue("stateVersion"),
                        MessageCodec.optionalStrings(in, "types"));
            }
            if (type.equals("sync_push")) {
                return new Message.SyncPush(decodeOperations(MessageCodec.batch(in, "operations")));
            }
            if (type.equals("state_changed")) {
                return new Message.StateChanged(decodeDelta(in));
            }
            if (type.equals("operation_confirmed")) {
                return new Message.OperationConfirmed(decodeResult(in));
            }
            if (type.equals("client_connected") || type.equals("client_disconnected")) {
                return new Message.ClientPresence(type.equals("client_connected"), in.string("clientId"));
            }
            return null;
        }

        @Override
        public boolean encode(Message message, JsonObject.Builder out) {
            if (message instanceof Message.SyncSubscribe m) {
                out.put("clientId", m.clientId()).put("stateVersion", m.stateVersion()).put("types", m.types());
            } else if (message instanceof Message.SyncPush m) {
                out.put("operations", encodeOperations(m.operations()));
            } else if (message instanceof Message.StateChanged m) {
                encodeDelta(m.delta(), out);
            } else if (message instanceof Message.OperationConfirmed m) {
                encodeResult(m.result(), out);
            } else if (message instanceof Message.ClientPresence m) {
                out.put("clientId", m.clientId());
            } else {
                return false;
            }
            return true;
        }
    };

    /** Named operations as {@code sync_push} and {@code POST /sync/operations} carry them. */
    public static List<Object> encodeOperations(List<PushedOperation> operations) {
        List<Object> out = new ArrayList<>();
        for (PushedOperation op : operations) {
            out.add(JsonObject.builder().put("name", op.name()).put("args", op.args()).put("id", op.id())
                    .put("clientId", op.clientId()).put("timestamp", op.timestamp()).build());
        }
        return out;
    }

    public static List<PushedOperation> decodeOperations(List<?> items) throws ProtocolException {
        List<PushedOperation> out = new ArrayList<>();
        try {
            for (Object raw : items) {
                JsonObject op = JsonObject.from(raw);
                out.add(new PushedOperation(op.longValue("id"), op.string("clientId"), op.string("name"),
                        op.asMap().get("args"), op.longValue("timestamp")));
            }
        } catch (JsonException e) {
            throw new ProtocolException(MessageCodec.codeOf(e), e.getMessage());
        }
        return out;
    }

    /** A delta's fields, as {@code state_changed} and the answer of {@code POST /sync/state} carry them. */
    public static void encodeDelta(ServerDelta delta, JsonObject.Builder out) {
        out.put("stateVersion", delta.serverSeq()).put("prevStateVersion", delta.prevServerSeq())
                .put("patches", delta.data().toJson()).put("lastClientSeq", delta.lastClientSeq())
                .put("serverTimestamp", delta.serverTimestamp());
        if (delta.full()) {
            out.put("full", true);
        }
    }

    public static ServerDelta decodeDelta(JsonObject in) throws ProtocolException {
        try {
            long version = in.longValue("stateVersion");
            long previous = in.longValue("prevStateVersion");
            boolean full = Boolean.TRUE.equals(in.asMap().get("full"));
            if ((!full && version < previous) || previous < 0) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "a delta goes forward, got " + previous + " -> "
                        + version);
            }
            return new ServerDelta(version, previous, AtomPatches.parse(in.object("patches").asMap()),
                    in.longValue("lastClientSeq"), in.longValue("serverTimestamp"), full);
        } catch (JsonException e) {
            throw new ProtocolException(MessageCodec.codeOf(e), e.getMessage());
        } catch (PatchException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "patches: " + e.getMessage());
        }
    }

    /** One verdict, as {@code operation_confirmed} and each of {@code POST /sync/operations}'s results carry it. */
    public static void encodeResult(OperationResult result, JsonObject.Builder out) {
        out.put("id", result.id()).put("success", result.success()).put("code", result.code())
                .put("error", result.error()).put("stateVersion", result.stateVersion())
                .put("serverTimestamp", result.serverTimestamp());
    }

    public static OperationResult decodeResult(JsonObject in) throws ProtocolException {
        try {
            if (!(in.asMap().get("success") instanceof Boolean success)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'success' must be true or false");
            }
            return new OperationResult(in.longValue("id"), success, in.optionalString("code"),
                    in.optionalString("error"), in.optionalLong("stateVersion"), in.longValue("serverTimestamp"));
        } catch (JsonException e) {
            throw new ProtocolException(MessageCodec.codeOf(e), e.getMessage());
        }
    }
}
