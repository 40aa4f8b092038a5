package dev.entangle.core.protocol;

import static dev.entangle.core.protocol.MessageCodec.batch;
import static dev.entangle.core.protocol.MessageCodec.decodeOperation;
import static dev.entangle.core.protocol.MessageCodec.encodeOperation;
import static dev.entangle.core.protocol.MessageCodec.optionalStrings;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.json.Names;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The core protocol's kinds of message, field by field, grouped by which side sends them, for
 * {@link MessageCodec}, which frames them: a client's codec takes only the writers of the kinds a
 * client sends and the readers of those a hub sends, so a browser bundle holds no others.
 */
final class CoreKinds {
    /**
     * The frame types of {@link SyncCodec#FAMILY}, named here (where naming them costs no codec) so
     * that a reader without that family tells its frames from unknown ones.
     */
    private static final Set<String> SYNC_TYPES = Names.of("sync_subscribe", "sync_push", "state_changed",
            "operation_confirmed", "client_connected", "client_disconnected");

    /** The ownership actions a client may send. */
    private static final Set<String> OWN_ACTIONS = Names.of("request", "release", "transfer");

    private CoreKinds() {
    }

    /** Presence, cursor, chat and activity frames: their fields as they came. */
    static boolean writeMultiplayerKind(Message message, JsonObject.Builder out) {
        Map<String, Object> fields;
        if (message instanceof Message.Awareness m) {
            fields = m.fields();
        } else if (message instanceof Message.Chat m) {
            fields = m.fields();
        } else if (message instanceof Message.Activity m) {
            fields = m.fields();
        } else {
            return false;
        }
        fields.forEach(out::put);
        return true;
    }

    /** Any kind of the core protocol. */
    static boolean writeAnyKind(Message message, JsonObject.Builder out) {
        return writeClientKind(message, out) || writeHubOnlyKind(message, out);
    }

    /** The kinds a client sends, those a hub sends too among them. */
    static boolean writeClientKind(Message message, JsonObject.Builder out) {
        if (message instanceof Message.Hello m) {
            out.put("clientId", m.clientId()).put("room", m.room()).put("session", m.session()).put("token", m.token())
                    .put("teams", m.teams());
        } else if (message instanceof Message.Entangle m) {
            out.put("seq", m.seq()).put("selector", m.selector()).put("to", m.to()).put("mode", m.mode().wire())
                    .put("attributes", m.attributes()).put("ignoreAttributes", m.ignoreAttributes());
            if (m.owned()) {
                out.put("owned", true);
            }
            if (m.persistent()) {
                out.put("persistent", true);
            }
        } else if (message instanceof Message.Own m) {
            out.put("seq", m.seq()).put("selector", m.selector()).put("action", m.action()).put("to", m.to());
        } else if (message instanceof Message.Disentangle m) {
            out.put("seq", m.seq()).put("selector", m.selector());
        } else if (message instanceof Message.Mutation m) {
            writeMutation(m, out);
        } else if (message instanceof Message.MutationBatch m) {
            List<Object> items = new ArrayList<>();
            for (Message.Mutation item : m.items()) {
                items.add(mutationItem(item).build());
            }
            out.put("items", items);
        } else if (message instanceof Message.TextOpen m) {
            out.put("seq", m.seq()).put("doc", m.doc()).put("revision", m.revision()).put("epoch", m.epoch());
        } else if (message instanceof Message.TextOp m) {
            out.put("seq", m.seq()).put("doc", m.doc()).put("revision", m.revision())
                    .put("op", encodeOperation(m.operation())).put("source", m.source());
        } else if (message instanceof Message.TextCursor m) {
            out.put("doc", m.doc()).put("revision", m.revision()).put("anchor", (long) m.anchor())
                    .put("head", (long) m.head()).put("source", m.source());
        } else if (message instanceof Message.Ping m) {
            out.put("time", m.time());
        } else if (message instanceof Message.Pong m) {
            out.put("time", m.time());
        } else if (message instanceof Message.Ephemeral m) {
            out.put("key", m.key()).put("value", m.value()).put("source", m.source());
        } else {
            return false;
        }
        return true;
    }

    /** The kinds only a hub sends. */
    private static boolean writeHubOnlyKind(Message message, JsonObject.Builder out) {
        if (message instanceof Message.Welcome m) {
            out.put("clientId", m.clientId()).put("room", m.room()).put("heartbeatMs", m.heartbeatMs())
                    .put("epoch", m.epoch());
        } else if (message instanceof Message.Ownership m) {
            out.put("selector", m.selector()).put("owner", m.owner()).put("previous", m.previous());
        } else if (message instanceof Message.OwnershipRequest m) {
            out.put("selector", m.selector()).put("from", m.from());
        } else if (message instanceof Message.Peer m) {
            out.put("event", m.event()).put("clientId", m.clientId()).put("teams", m.teams());
        } else if (message instanceof Message.Acks m) {
            List<Object> acks = new ArrayList<>();
            for (Message.Ack ack : m.acks()) {
                acks.add(JsonObject.builder().put("seq", ack.seq()).put("serverSeq", ack.serverSeq()).build());
            }
            out.put("acks", acks);
        } else if (message instanceof Message.Ack m) {
            out.put("seq", m.seq()).put("serverSeq", m.serverSeq());
        } else if (message instanceof Message.Error m) {
            out.put("code", m.code().wire()).put("message", m.message()).put("seq", m.seq());
        } else if (message instanceof Message.TextSnapshot m) {
            out.put("doc", m.doc()).put("revision", m.revision()).put("text", m.text()).put("lastSeq", m.lastSeq());
        } else {
            return false;
        }
        return true;
    }

    /** Any kind of the core protocol; then {@code family}'s, presence, chat, activity. */
    static Message readAnyKind(String type, JsonObject in, MessageFamily family)
            throws ProtocolException, JsonException {
        Message message = readClientOnlyKind(type, in);
        return message != null ? message : readHubKind(type, in, family);
    }

    /** The kinds only a client sends; null for any other. */
    private static Message readClientOnlyKind(String type, JsonObject in) throws ProtocolException, JsonException {
        // Not a switch on the string: see readHubKind.
        if (type.equals("hello")) {
            return new Message.Hello(in.string("clientId"), in.string("room"), in.optionalString("session"),
                    in.optionalString("token"), optionalStrings(in, "teams"));
        }
        if (type.equals("entangle")) {
            return new Message.Entangle(in.longValue("seq"), in.string("selector"), in.string("to"),
                    mode(in.string("mode")), optionalStrings(in, "attributes"),
                    optionalStrings(in, "ignoreAttributes"), flag(in, "owned"), flag(in, "persistent"));
        }
        if (type.equals("own")) {
            return new Message.Own(in.longValue("seq"), in.string("selector"), action(in.string("action")),
                    in.optionalString("to"));
        }
        if (type.equals("disentangle")) {
            return new Message.Disentangle(in.longValue("seq"), in.string("selector"));
        }
        if (type.equals("text-open")) {
            return new Message.TextOpen(in.longValue("seq"), in.string("doc"), in.optionalLong("revision"),
                    in.optionalString("epoch"));
        }
        return null;
    }

    /** The kinds a hub sends, those a client sends too among them; then {@code family}'s, presence, chat, activity. */
    static Message readHubKind(String type, JsonObject in, MessageFamily family)
            throws ProtocolException, JsonException {
        // Not a switch on the string: javac turns one into a switch on the string's hash, an equals
        // per case and a second switch on the case's number, all of which TeaVM writes out (here
        // 0.35 KB of gzip more than this chain).
        if (type.equals("welcome")) {
            return new Message.Welcome(in.string("clientId"), in.string("room"), in.longValue("heartbeatMs"),
                    in.string("epoch"));
        }
        if (type.equals("ownership")) {
            return new Message.Ownership(in.string("selector"), in.optionalString("owner"),
                    in.optionalString("previous"));
        }
        if (type.equals("ownership-request")) {
            return new Message.OwnershipRequest(in.string("selector"), in.string("from"));
        }
        if (type.equals("peer")) {
            return new Message.Peer(in.string("event"), in.string("clientId"), optionalStrings(in, "teams"));
        }
        if (type.equals("mutation")) {
            return readMutation(in);
        }
        if (type.equals("ack")) {
            return new Message.Ack(in.longValue("seq"), in.optionalLong("serverSeq"));
        }
        if (type.equals("mutations")) {
            List<Message.Mutation> items = new ArrayList<>();
            for (Object raw : batch(in, "items")) {
                items.add(readMutation(JsonObject.from(raw)));
            }
            return new Message.MutationBatch(items);
        }
        if (type.equals("acks")) {
            List<Message.Ack> acks = new ArrayList<>();
            for (Object raw : batch(in, "acks")) {
                JsonObject ack = JsonObject.from(raw);
                acks.add(new Message.Ack(ack.longValue("seq"), ack.optionalLong("serverSeq")));
            }
            return new Message.Acks(acks);
        }
        if (type.equals("error")) {
            return new Message.Error(ErrorCode.fromWire(in.string("code")), in.string("message"),
                    in.optionalLong("seq"));
        }
        if (type.equals("text-snapshot")) {
            return new Message.TextSnapshot(in.string("doc"), in.longValue("revision"), in.string("text"),
                    in.optionalLong("lastSeq"));
        }
        if (type.equals("text-op")) {
            return new Message.TextOp(in.optionalLong("seq"), in.string("doc"), in.longValue("revision"),
                    decodeOperation(in.array("op")), in.optionalString("source"));
        }
        if (type.equals("text-cursor")) {
            return new Message.TextCursor(in.string("doc"), in.longValue("revision"), position(in, "anchor"),
                    position(in, "head"), in.optionalString("source"));
        }
        if (type.equals("ping")) {
            return new Message.Ping(in.longValue("time"));
        }
        if (type.equals("pong")) {
            return new Message.Pong(in.longValue("time"));
        }
        if (type.equals("ephemeral")) {
            if (!in.has("value")) {
                throw new ProtocolException(ErrorCode.MISSING_FIELD, "missing field 'value' (any JSON value but null)");
            }
            return new Message.Ephemeral(in.string("key"), in.asMap().get("value"), in.optionalString("source"));
        }
        Message theirs = family.decode(type, in);
        if (theirs != null) {
            return theirs;
        }
        if (SYNC_TYPES.contains(type)) {
            return null;
        }
        return decodeMultiplayer(type, in);
    }

    /**
     * A presence, cursor, chat or activity frame: its fields as parsed, but for {@code type}. Only
     * {@code seq} is checked here (an integer where present); the hub checks the rest.
     */
    private static Message decodeMultiplayer(String type, JsonObject in) throws ProtocolException, JsonException {
        boolean awareness = Message.Awareness.TYPES.contains(type);
        boolean chat = Message.Chat.TYPES.contains(type);
        if (!awareness && !chat && !Message.Activity.TYPES.contains(type)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + type + "'");
        }
        in.optionalLong("seq");
        Map<String, Object> fields = Json.fields(in.asMap());
        fields.remove("type");
        if (awareness) {
            return new Message.Awareness(type, fields);
        }
        return chat ? new Message.Chat(type, fields) : new Message.Activity(type, fields);
    }

    /** A mutation as a batch holds it: the fields of a {@code mutation} frame without its type. */
    static JsonObject.Builder mutationItem(Message.Mutation item) {
        return writeMutation(item, JsonObject.builder());
    }

    private static JsonObject.Builder writeMutation(Message.Mutation m, JsonObject.Builder out) {
        return out.put("vector", encodeVector(m.vector())).put("serverSeq", m.serverSeq());
    }

    /** A {@code mutation} frame's fields, or an item of a {@code mutations} batch. */
    private static Message.Mutation readMutation(JsonObject in) throws JsonException, ProtocolException {
        return new Message.Mutation(decodeVector(in.object("vector")), in.optionalLong("serverSeq"));
    }

    private static Object encodeVector(MutationVector v) {
        return JsonObject.builder()
                .put("selector", v.selector())
                .put("kind", v.kind().wire())
                .put("name", v.name())
                .put("oldValue", v.oldValue())
                .put("newValue", v.newValue())
                .put("source", v.source())
                .put("seq", v.seq())
                .put("timestamp", v.timestamp())
                .build();
    }

    private static MutationVector decodeVector(JsonObject in) throws JsonException, ProtocolException {
        MutationKind kind = MutationKind.fromWire(in.string("kind"));
        if (kind == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "field 'kind' must be one of attribute, property, text, children, got '" + in.string("kind") + "'");
        }
        String name = in.optionalString("name");
        if ((kind == MutationKind.ATTRIBUTE || kind == MutationKind.PROPERTY) && name == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "missing field 'name' (a " + kind.wire()
                    + " mutation names the " + kind.wire() + ")");
        }
        return new MutationVector(in.string("selector"), kind, name, in.optionalString("oldValue"),
                in.optionalString("newValue"), in.string("source"), in.longValue("seq"), in.longValue("timestamp"));
    }

    private static int position(JsonObject in, String key) throws JsonException, ProtocolException {
        long value = in.longValue(key);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + key + "' must be a position, got " + value);
        }
        return (int) value;
    }

    private static Mode mode(String wire) throws ProtocolException {
        Mode mode = Mode.fromWire(wire);
        if (mode == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "field 'mode' must be 'bidirectional', 'mirror' or 'mesh', got '" + wire + "'");
        }
        return mode;
    }

    private static String action(String wire) throws ProtocolException {
        if (!OWN_ACTIONS.contains(wire)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "field 'action' must be 'request', 'release' or 'transfer', got '" + wire + "'");
        }
        return wire;
    }

    private static boolean flag(JsonObject in, String key) throws ProtocolException {
        Object value = in.asMap().get(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + key + "' must be true or false");
        }
        return b;
    }
}
