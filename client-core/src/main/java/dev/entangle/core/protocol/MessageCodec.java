package dev.entangle.core.protocol;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.json.Names;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns messages into JSON text frames and back, with field order fixed by this class. */
public final class MessageCodec {
    private MessageCodec() {
    }

    public static String encode(Message message) {
        return encode(message, Json.SIMPLE);
    }

    /**
     * One change as an item of a {@code mutations} frame, for a sender of many frames that share
     * items (a hub relaying a round of changes to receivers that each see some of them): each item
     * is encoded once, and {@link #mutationsFrame} joins them.
     */
    public static String encodeMutationItem(Message.Mutation item) {
        return mutationItem(item).write(Json.SIMPLE);
    }

    /**
     * The {@code mutations} frame of items written by {@link #encodeMutationItem}, in order (1 to
     * {@link #MAX_BATCH}): the same text as encoding the {@link Message.MutationBatch} of them.
     */
    public static String mutationsFrame(List<String> encodedItems) {
        if (encodedItems.isEmpty() || encodedItems.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a mutations frame holds 1 to " + MAX_BATCH + " items, not "
                    + encodedItems.size());
        }
        int length = 32;
        for (String item : encodedItems) {
            length += item.length() + 1;
        }
        StringBuilder frame = new StringBuilder(length).append("{\"type\":\"mutations\",\"items\":[");
        for (int i = 0; i < encodedItems.size(); i++) {
            frame.append(i == 0 ? "" : ",").append(encodedItems.get(i));
        }
        return frame.append("]}").toString();
    }

    /** The {@code batch} frame of whole frames already encoded, in order (at least two). */
    public static String batchFrame(java.util.Collection<String> frames) {
        int length = 32;
        for (String frame : frames) {
            length += frame.length() + 1;
        }
        StringBuilder out = new StringBuilder(length).append("{\"type\":\"batch\",\"frames\":[");
        boolean first = true;
        for (String frame : frames) {
            out.append(first ? "" : ",").append(frame);
            first = false;
        }
        return out.append("]}").toString();
    }

    private static JsonObject.Builder mutationItem(Message.Mutation item) {
        return JsonObject.builder().put("vector", encodeVector(item.vector())).put("serverSeq", item.serverSeq());
    }

    /** The message as a JSON frame, written by {@code engine}; any kind of the protocol. */
    public static String encode(Message message, JsonEngine engine) {
        return encode(message, engine, SyncCodec.FAMILY);
    }

    /**
     * The message as a JSON frame, written by {@code engine}: a kind of the core protocol or of
     * {@code family} ({@link MessageFamily#NONE}: none), refused with an IllegalArgumentException otherwise.
     */
    public static String encode(Message message, JsonEngine engine, MessageFamily family) {
        return write(message, engine, family, MessageCodec::writeAnyKind);
    }

    /**
     * The message as a client writes it, by {@code engine}: as {@link #encode(Message, JsonEngine,
     * MessageFamily)}, but a kind only a hub sends ({@code welcome}, {@code ack}, {@code error}, ...)
     * is refused. A client's connection (and what it saves) writes its frames here, so a browser
     * bundle holds no writer of the hub's kinds.
     */
    public static String encodeAsClient(Message message, JsonEngine engine, MessageFamily family) {
        return write(message, engine, family, MessageCodec::writeClientKind);
    }

    /** Writes the fields of some kinds of message but their type; false for a kind it does not write. */
    private interface KindWriter {
        boolean write(Message message, JsonObject.Builder out);
    }

    private static String write(Message message, JsonEngine engine, MessageFamily family, KindWriter kinds) {
        if (message instanceof Message.Batch batch) {
            List<String> frames = new ArrayList<>();
            for (Message frame : batch.frames()) {
                frames.add(write(frame, engine, family, kinds));
            }
            return batchFrame(frames);
        }
        JsonObject.Builder out = JsonObject.builder().put("type", message.type());
        if (message instanceof Message.Awareness || message instanceof Message.Chat
                || message instanceof Message.Activity) {
            multiplayerFields(message).forEach(out::put);
        } else if (!kinds.write(message, out) && !family.encode(message, out)) {
            throw new IllegalArgumentException("this codec does not write '" + message.type() + "' frames");
        }
        return out.write(engine);
    }

    private static boolean writeAnyKind(Message message, JsonObject.Builder out) {
        return writeClientKind(message, out) || writeHubOnlyKind(message, out);
    }

    /** The kinds a client sends, those a hub sends too among them. */
    private static boolean writeClientKind(Message message, JsonObject.Builder out) {
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
            out.put("vector", encodeVector(m.vector())).put("serverSeq", m.serverSeq());
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

    public static Message decode(String text) throws ProtocolException {
        return decode(text, Json.SIMPLE);
    }

    /** The message in a JSON frame, parsed by {@code engine}; an unreadable frame is refused with its error code. */
    public static Message decode(String text, JsonEngine engine) throws ProtocolException {
        return decode(text, engine, SyncCodec.FAMILY);
    }

    /**
     * The message in a JSON frame of the core protocol or of {@code family}, parsed by {@code engine};
     * an unreadable frame is refused with its error code. A frame of the named operations' family
     * when {@code family} is not theirs reads as null (in a batch: left out): such a reader takes
     * no part in named operations, and ignores their frames as it always did.
     */
    public static Message decode(String text, JsonEngine engine, MessageFamily family) throws ProtocolException {
        return decode(text, engine, family, MessageCodec::readAnyKind);
    }

    /**
     * The message in a frame as a client reads it, parsed by {@code engine}: as {@link
     * #decode(String, JsonEngine, MessageFamily)}, but a kind only a client sends ({@code hello},
     * {@code entangle}, {@code own}, ...) is an unknown type. A client's connection (and what it
     * saves) reads its frames here, so a browser bundle holds no reader of the clients' kinds.
     */
    public static Message decodeAsClient(String text, JsonEngine engine, MessageFamily family) throws ProtocolException {
        return decode(text, engine, family, MessageCodec::readHubKind);
    }

    /** The message in a frame of some kinds, or null for a named operations' frame its reader takes no part in. */
    private interface KindReader {
        Message read(String type, JsonObject in, MessageFamily family) throws ProtocolException, JsonException;
    }

    private static Message decode(String text, JsonEngine engine, MessageFamily family, KindReader kinds)
            throws ProtocolException {
        JsonObject in;
        try {
            in = Json.parseObject(text, engine);
        } catch (JsonException e) {
            throw new ProtocolException(codeOf(e), e.getMessage());
        }
        return read(in, family, kinds);
    }

    /** The message in a frame already parsed (the whole frame, or an item of a {@code batch}). */
    private static Message read(JsonObject in, MessageFamily family, KindReader kinds) throws ProtocolException {
        try {
            return readFields(in, family, kinds);
        } catch (JsonException e) {
            throw new ProtocolException(codeOf(e), e.getMessage());
        }
    }

    /*
     * Kept apart from the try above on purpose: TeaVM gives every statement of a try its own
     * try/catch in JavaScript, which made the switches below, inside one, 40 KB of the browser's bundle.
     */
    private static Message readFields(JsonObject in, MessageFamily family, KindReader kinds)
            throws ProtocolException, JsonException {
        String type = in.string("type");
        if (!type.equals("batch")) {
            return kinds.read(type, in, family);
        }
        List<Message> frames = new ArrayList<>();
        for (Object raw : batch(in, "frames")) {
            Message frame = read(JsonObject.from(raw), family, kinds);
            if (frame instanceof Message.Batch) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "a batch holds no batch");
            }
            if (frame != null) {
                frames.add(frame);
            }
        }
        return new Message.Batch(frames);
    }

    private static Message readAnyKind(String type, JsonObject in, MessageFamily family)
            throws ProtocolException, JsonException {
        Message message = readClientOnlyKind(type, in);
        return message != null ? message : readHubKind(type, in, family);
    }

    /** The kinds only a client sends; null for any other. */
    private static Message readClientOnlyKind(String type, JsonObject in) throws ProtocolException, JsonException {
        switch (type) {
            case "hello":
                return new Message.Hello(in.string("clientId"), in.string("room"), in.optionalString("session"),
                        in.optionalString("token"), optionalStrings(in, "teams"));
            case "entangle":
                return new Message.Entangle(in.longValue("seq"), in.string("selector"), in.string("to"),
                        mode(in.string("mode")), optionalStrings(in, "attributes"),
                        optionalStrings(in, "ignoreAttributes"), flag(in, "owned"), flag(in, "persistent"));
            case "own":
                return new Message.Own(in.longValue("seq"), in.string("selector"), action(in.string("action")),
                        in.optionalString("to"));
            case "disentangle":
                return new Message.Disentangle(in.longValue("seq"), in.string("selector"));
            case "text-open":
                return new Message.TextOpen(in.longValue("seq"), in.string("doc"), in.optionalLong("revision"),
                        in.optionalString("epoch"));
            default:
                return null;
        }
    }

    /** The kinds a hub sends, those a client sends too among them; then {@code family}'s, presence, chat and activity. */
    private static Message readHubKind(String type, JsonObject in, MessageFamily family)
            throws ProtocolException, JsonException {
        switch (type) {
            case "welcome":
                return new Message.Welcome(in.string("clientId"), in.string("room"), in.longValue("heartbeatMs"),
                        in.string("epoch"));
            case "ownership":
                return new Message.Ownership(in.string("selector"), in.optionalString("owner"),
                        in.optionalString("previous"));
            case "ownership-request":
                return new Message.OwnershipRequest(in.string("selector"), in.string("from"));
            case "peer":
                return new Message.Peer(in.string("event"), in.string("clientId"), optionalStrings(in, "teams"));
            case "mutation":
                return new Message.Mutation(decodeVector(in.object("vector")), in.optionalLong("serverSeq"));
            case "ack":
                return new Message.Ack(in.longValue("seq"), in.optionalLong("serverSeq"));
            case "mutations": {
                List<Message.Mutation> items = new ArrayList<>();
                for (Object raw : batch(in, "items")) {
                    JsonObject item = JsonObject.from(raw);
                    items.add(new Message.Mutation(decodeVector(item.object("vector")), item.optionalLong("serverSeq")));
                }
                return new Message.MutationBatch(items);
            }
            case "acks": {
                List<Message.Ack> acks = new ArrayList<>();
                for (Object raw : batch(in, "acks")) {
                    JsonObject ack = JsonObject.from(raw);
                    acks.add(new Message.Ack(ack.longValue("seq"), ack.optionalLong("serverSeq")));
                }
                return new Message.Acks(acks);
            }
            case "error":
                return new Message.Error(ErrorCode.fromWire(in.string("code")), in.string("message"),
                        in.optionalLong("seq"));
            case "text-snapshot":
                return new Message.TextSnapshot(in.string("doc"), in.longValue("revision"), in.string("text"),
                        in.optionalLong("lastSeq"));
            case "text-op":
                return new Message.TextOp(in.optionalLong("seq"), in.string("doc"), in.longValue("revision"),
                        decodeOperation(in.array("op")), in.optionalString("source"));
            case "text-cursor":
                return new Message.TextCursor(in.string("doc"), in.longValue("revision"), position(in, "anchor"),
                        position(in, "head"), in.optionalString("source"));
            case "ping":
                return new Message.Ping(in.longValue("time"));
            case "pong":
                return new Message.Pong(in.longValue("time"));
            case "ephemeral":
                if (!in.has("value")) {
                    throw new ProtocolException(ErrorCode.MISSING_FIELD, "missing field 'value' (any JSON value but null)");
                }
                return new Message.Ephemeral(in.string("key"), in.asMap().get("value"), in.optionalString("source"));
            default:
                Message theirs = family.decode(type, in);
                if (theirs != null) {
                    return theirs;
                }
                if (SYNC_TYPES.contains(type)) {
                    return null;
                }
                return decodeMultiplayer(type, in);
        }
    }

    private static Map<String, Object> multiplayerFields(Message message) {
        // (a Batch never gets here: encode writes it from its frames)
        if (message instanceof Message.Awareness m) {
            return m.fields();
        }
        if (message instanceof Message.Chat m) {
            return m.fields();
        }
        return ((Message.Activity) message).fields();
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

    /** The error code for a JSON problem: malformed, a missing field, or a field of the wrong kind. */
    public static ErrorCode codeOf(JsonException e) {
        switch (e.problem()) {
            case MALFORMED:
                return ErrorCode.MALFORMED_JSON;
            case MISSING_FIELD:
                return ErrorCode.MISSING_FIELD;
            default:
                return ErrorCode.INVALID_FIELD;
        }
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

    /**
     * ot.js's compact form: a positive number retains, a negative one deletes, a string inserts (the
     * protocol's and the hub's event log's form of a text operation).
     */
    public static List<Object> encodeOperation(TextOperation operation) {
        List<Object> out = new ArrayList<>();
        for (TextOperation.Component c : operation.components()) {
            if (c instanceof TextOperation.Retain r) {
                out.add((long) r.count());
            } else if (c instanceof TextOperation.Insert i) {
                out.add(i.text());
            } else {
                out.add(-(long) ((TextOperation.Delete) c).count());
            }
        }
        return out;
    }

    /** A text operation from its compact form; refused ({@code invalid_field}) when a component is neither. */
    public static TextOperation decodeOperation(List<?> components) throws ProtocolException {
        TextOperation.Builder op = TextOperation.builder();
        for (Object c : components) {
            if (c instanceof String text) {
                op.insert(text);
            } else if (c instanceof Long n && n != 0 && Math.abs(n) <= Integer.MAX_VALUE) {
                if (n > 0) {
                    op.retain((int) (long) n);
                } else {
                    op.delete((int) -n);
                }
            } else {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                        "field 'op' must hold non-zero integers and strings, got "
                                + (c instanceof Number n ? String.valueOf(n) : Json.typeName(c)));
            }
        }
        return op.build();
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

    /** Most items in one {@code mutations} or {@code acks} frame. */
    public static final int MAX_BATCH = 1_000;

    static List<?> batch(JsonObject in, String key) throws JsonException, ProtocolException {
        List<?> items = in.array(key);
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + key + "' must hold 1 to " + MAX_BATCH
                    + " items, got " + items.size());
        }
        return items;
    }

    /**
     * The frame types of {@link SyncCodec#FAMILY}, named here (where naming them costs no codec) so
     * that a reader without that family tells its frames from unknown ones.
     */
    private static final Set<String> SYNC_TYPES = Names.of("sync_subscribe", "sync_push", "state_changed",
            "operation_confirmed", "client_connected", "client_disconnected");

    /** The ownership actions a client may send. */
    public static final Set<String> OWN_ACTIONS = Names.of("request", "release", "transfer");

    private static String action(String wire) throws ProtocolException {
        if (!OWN_ACTIONS.contains(wire)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "field 'action' must be 'request', 'release' or 'transfer', got '" + wire + "'");
        }
        return wire;
    }

    /** An optional array of strings (absent or null: null). */
    static List<String> optionalStrings(JsonObject in, String key) throws JsonException, ProtocolException {
        if (!in.has(key) || in.asMap().get(key) == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object item : in.array(key)) {
            if (!(item instanceof String s)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + key + "' must hold strings only");
            }
            out.add(s);
        }
        return out;
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
