package dev.entangle.core.session;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.MessageFamily;
import dev.entangle.core.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Outbox} holds, and its saved form (version {@value #VERSION}): the page session
 * and message counter the pending changes were numbered in, the hub epoch they were made against,
 * the values not acknowledged (newest per key, as {@code mutation} frames in the protocol's own
 * format) and the text documents' entries ({@link TextDocuments#outboxEntries}).
 */
record SavedOutbox(String session, long nextSeq, String epoch, List<MutationVector> values, List<?> texts) {
    static final int VERSION = 1;

    /** Reads what {@code clientId} saved in {@code room}; an outbox of anyone or anywhere else is refused. */
    static SavedOutbox read(String saved, String clientId, String room, JsonEngine json)
            throws JsonException, ProtocolException {
        JsonObject state = Json.parseObject(saved, json);
        if (state.longValue("v") != VERSION || !clientId.equals(state.string("clientId"))
                || !room.equals(state.string("room"))) {
            throw JsonException.malformed("an outbox of another client, room or version");
        }
        Map<String, MutationVector> values = new LinkedHashMap<>();
        for (Object frame : state.array("values")) {
            if (!(frame instanceof String text)) {
                throw JsonException.malformed("an outbox frame must be a string, got " + Json.typeName(frame));
            }
            Message m = MessageCodec.decodeAsClient(text, json, MessageFamily.NONE);
            if (m instanceof Message.Mutation mutation && mutation.vector().source().equals(clientId)) {
                values.put(mutation.vector().key(), mutation.vector());
            }
        }
        return new SavedOutbox(state.string("session"), state.longValue("nextSeq"), state.optionalString("epoch"),
                new ArrayList<>(values.values()), state.array("texts"));
    }

    String write(String clientId, String room, JsonEngine json) {
        List<Object> valueFrames = new ArrayList<>();
        for (MutationVector vector : values) {
            valueFrames.add(MessageCodec.encodeAsClient(new Message.Mutation(vector, null), json, MessageFamily.NONE));
        }
        return JsonObject.builder()
                .put("v", (long) VERSION)
                .put("clientId", clientId)
                .put("room", room)
                .put("session", session)
                .put("nextSeq", nextSeq)
                .put("epoch", epoch)
                .put("values", valueFrames)
                .put("texts", texts)
                .write(json);
    }
}
