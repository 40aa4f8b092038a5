package dev.entangle.hub;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A member of a room over a real WebSocket that speaks chat and activity: sends actions with their
 * {@code seq} and reads the answers and relayed events, keeping (not dropping) the frames it passes.
 */
final class ChatSocket implements AutoCloseable {
    final RawSocketClient socket;
    final String clientId;
    private long seq;
    private final List<JsonObject> passed = new ArrayList<>();

    ChatSocket(String url, String clientId, String room) throws Exception {
        this.clientId = clientId;
        socket = new RawSocketClient(url);
        socket.send(MessageCodec.encode(new Message.Hello(clientId, room, clientId + "-tab")));
        socket.next("\"welcome\"");
    }

    /** Sends a {@code chat} frame of {@code action} with the given field pairs; returns its seq. */
    long chat(String action, Object... pairs) {
        return send("chat", action, pairs);
    }

    /** Sends an {@code activity} frame; returns its seq. */
    long activity(String action, Object... pairs) {
        return send("activity", action, pairs);
    }

    private long send(String type, String action, Object... pairs) {
        ++seq;
        socket.send(MessageCodec.encode(type.equals("chat") ? chat(seq, action, pairs) : activity(seq, action, pairs)));
        return seq;
    }

    /** A {@code chat} frame of chat {@code main}: {@code action} with its seq and the given field pairs. */
    static Message chat(long seq, String action, Object... pairs) {
        Map<String, Object> fields = fields(seq, action, pairs);
        fields.putIfAbsent("chat", "main");
        return new Message.Chat("chat", fields);
    }

    /** An {@code activity} frame: {@code action} with its seq and the given field pairs. */
    static Message activity(long seq, String action, Object... pairs) {
        return new Message.Activity("activity", fields(seq, action, pairs));
    }

    private static Map<String, Object> fields(long seq, String action, Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", seq);
        fields.put("action", action);
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    /** Sends a frame as it is. */
    void raw(String frame) {
        socket.send(frame);
    }

    /** The answer (a result or an error) to {@code seq}. */
    JsonObject answer(long seq) throws Exception {
        return take(f -> !f.string("type").endsWith("-event") && Long.valueOf(seq).equals(f.asMap().get("seq")));
    }

    /** The next answer that is an error, whatever its seq. */
    JsonObject error() throws Exception {
        return take(f -> f.string("type").equals("error"));
    }

    /** The next {@code chat-event} of kind {@code event}. */
    JsonObject chatEvent(String event) throws Exception {
        return take(f -> f.string("type").equals("chat-event") && event.equals(f.asMap().get("event")));
    }

    /** The next {@code activity-event} whose entry is of {@code type}. */
    JsonObject activityEvent(String type) throws Exception {
        return take(f -> f.string("type").equals("activity-event") && type.equals(f.object("entry").string("type")));
    }

    /** Frames passed over so far (and not taken) that {@code wanted} accepts, then those still to come within 300 ms. */
    List<JsonObject> all(Wanted wanted) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (String frame = socket.poll(300); frame != null; frame = socket.poll(300)) {
            passed.add(Json.parseObject(frame));
        }
        for (JsonObject f : passed) {
            if (wanted.test(f)) {
                out.add(f);
            }
        }
        return out;
    }

    interface Wanted {
        boolean test(JsonObject frame) throws Exception;
    }

    private JsonObject take(Wanted wanted) throws Exception {
        for (int i = 0; i < passed.size(); i++) {
            if (wanted.test(passed.get(i))) {
                return passed.remove(i);
            }
        }
        while (true) {
            JsonObject frame = socket.next();
            if (wanted.test(frame)) {
                return frame;
            }
            passed.add(frame);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
