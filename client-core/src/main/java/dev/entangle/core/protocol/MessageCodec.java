package dev.entangle.core.protocol;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;

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
        return CoreKinds.mutationItem(item).write(Json.SIMPLE);
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

    /** The message as a JSON frame, written by {@code engine}; any kind of the protocol. */
    public static String encode(Message message, JsonEngine engine) {
        return encode(message, engine, SyncCodec.FAMILY);
    }

    /**
     * The message as a JSON frame, written by {@code engine}: a kind of the core protocol or of
     * {@code family} ({@link MessageFamily#NONE}: none), refused with an IllegalArgumentException otherwise.
     */
    public static String encode(Message message, JsonEngine engine, MessageFamily family) {
        return write(message, engine, family, CoreKinds::writeAnyKind);
    }

    /**
     * The message as a client writes it, by {@code engine}: as {@link #encode(Message, JsonEngine,
     * MessageFamily)}, but a kind only a hub sends ({@code welcome}, {@code ack}, {@code error}, ...)
     * is refused. A client's connection (and what it saves) writes its frames here, so a browser
     * bundle holds no writer of the hub's kinds.
     */
    public static String encodeAsClient(Message message, JsonEngine engine, MessageFamily family) {
        return write(message, engine, family, CoreKinds::writeClientKind);
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
        if (!CoreKinds.writeMultiplayerKind(message, out) && !kinds.write(message, out)
                && !family.encode(message, out)) {
            throw new IllegalArgumentException("this codec does not write '" + message.type() + "' frames");
        }
        return out.write(engine);
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
        return decode(text, engine, family, CoreKinds::readAnyKind);
    }

    /**
     * The message in a frame as a client reads it, parsed by {@code engine}: as {@link
     * #decode(String, JsonEngine, MessageFamily)}, but a kind only a client sends ({@code hello},
     * {@code entangle}, {@code own}, ...) is an unknown type. A client's connection (and what it
     * saves) reads its frames here, so a browser bundle holds no reader of the clients' kinds.
     */
    public static Message decodeAsClient(String text, JsonEngine engine, MessageFamily family)
            throws ProtocolException {
        return decode(text, engine, family, CoreKinds::readHubKind);
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
     * try/catch in JavaScript, which made CoreKinds' switch of the kinds, inside one, 40 KB of the
     * browser's bundle.
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

    /** The error code for a JSON problem: malformed, a missing field, or a field of the wrong kind. */
    public static ErrorCode codeOf(JsonException e) {
        JsonException.Problem problem = e.problem(); // not a switch on the enum: see MutationSafety.problemWith
        if (problem == JsonException.Problem.MALFORMED) {
            return ErrorCode.MALFORMED_JSON;
        }
        return problem == JsonException.Problem.MISSING_FIELD ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD;
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

}
