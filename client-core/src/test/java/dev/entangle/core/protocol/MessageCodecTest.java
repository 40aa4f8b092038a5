package dev.entangle.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.ot.TextOperation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    static List<Message> everyKind() {
        MutationVector vector = new MutationVector("#volume", MutationKind.PROPERTY, "value", "10", "42", "alice", 7,
                1_700_000_000_000L);
        return List.of(
                new Message.Hello("alice", "demo", "s-1"),
                new Message.Hello("alice", "demo", null),
                new Message.Hello("alice", "demo", "s-1", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"),
                new Message.TextOpen(4, "notes", null, null),
                new Message.TextOpen(5, "notes", 17L, "e-1"),
                new Message.TextSnapshot("notes", 17, "hello 😀\n"),
                new Message.TextSnapshot("notes", 17, "hello", 9L),
                new Message.Ephemeral("cursor", java.util.Map.of("x", 12L, "label", "é😀"), null),
                new Message.Ephemeral("typing", true, "bob"),
                new Message.Awareness("presence", java.util.Map.of("state", java.util.Map.of("status", "editing"))),
                new Message.Awareness("cursor", java.util.Map.of("area", "board", "x", 0.25, "y", 0.5, "clientId", "bob")),
                new Message.Chat("chat", java.util.Map.of("seq", 3L, "chat", "main", "action", "send", "id", "m1",
                        "text", "héllo <b>😀</b>")),
                new Message.Chat("chat-event", java.util.Map.of("chat", "main", "event", "delete",
                        "message", java.util.Map.of("id", "m1", "n", 4L))),
                new Message.Activity("activity", java.util.Map.of("seq", 4L, "action", "list", "limit", 20L)),
                new Message.Activity("activity-event", java.util.Map.of("entry", java.util.Map.of("type", "run"))),
                new Message.Batch(List.of(new Message.Ephemeral("typing", true, "bob"),
                        new Message.Awareness("cursor", java.util.Map.of("area", "board", "x", 0.5, "y", 0.5, "clientId", "bob")))),
                new Message.TextOp(6L, "notes", 17, TextOperation.builder().retain(2).insert("x😀").delete(3).build(), null),
                new Message.TextOp(null, "notes", 18, TextOperation.builder().delete(1).build(), "bob"),
                new Message.TextCursor("notes", 18, 2, 5, null),
                new Message.TextCursor("notes", 18, 0, 0, "bob"),
                new Message.Welcome("alice", "demo", 15_000, "e-1"),
                new Message.Entangle(1, "#volume", "*", Mode.BIDIRECTIONAL),
                new Message.Entangle(2, "#title", "bob", Mode.MIRROR),
                new Message.Disentangle(3, "#volume"),
                new Message.Hello("alice", "demo", "s-1", null, List.of("red", "blue")),
                new Message.Entangle(4, "#list", "user-*,team:red", Mode.MESH, List.of("value", "class"),
                        List.of("style"), true, true),
                new Message.Entangle(5, "#x", "*", Mode.BIDIRECTIONAL, null, List.of("style"), false, true),
                new Message.Own(6, "#speed", "request", null),
                new Message.Own(7, "#speed", "transfer", "bob"),
                new Message.Ownership("#speed", "bob", "alice"),
                new Message.MutationBatch(List.of(new Message.Mutation(vector, null),
                        new Message.Mutation(new MutationVector("p", MutationKind.TEXT, null, null, "t", "alice", 8, 2), null))),
                new Message.MutationBatch(List.of(new Message.Mutation(vector, 12L))),
                new Message.Acks(List.of(new Message.Ack(7, 12L), new Message.Ack(8, 13L))),
                new Message.Ownership("#speed", null, null),
                new Message.OwnershipRequest("#speed", "carol"),
                new Message.Peer("joined", "bob", List.of("red")),
                new Message.Peer("left", "bob", null),
                new Message.Mutation(new MutationVector("#list", MutationKind.CHILDREN, null, null,
                        "[{\"tag\":\"li\",\"children\":[\"milk\"]}]", "bob", 1, 2), 3L),
                new Message.Mutation(vector, null),
                new Message.Mutation(vector, 12L),
                new Message.Mutation(new MutationVector("p", MutationKind.TEXT, null, null, "t", "bob", 1, 2), 3L),
                new Message.Mutation(new MutationVector("a", MutationKind.ATTRIBUTE, "title", "x", null, "bob", 1, 2), 3L),
                new Message.Ack(7, 12L),
                new Message.Ack(8, null),
                new Message.Error(ErrorCode.UNSAFE_MUTATION, "no", 9L),
                new Message.Error(ErrorCode.MALFORMED_JSON, "bad", null),
                new Message.Ping(123),
                new Message.Pong(123));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyMessageSurvivesARoundTrip(Message message) throws ProtocolException {
        assertEquals(message, MessageCodec.decode(MessageCodec.encode(message)));
    }

    @Test
    void aMutationsFrameJoinedFromItemsEncodedOnceIsTheBatchItself() throws ProtocolException {
        List<Message.Mutation> items = List.of(
                new Message.Mutation(new MutationVector("#a", MutationKind.PROPERTY, "value", null, "say \"hi\" 😀", "alice",
                        7, 1L), 12L),
                new Message.Mutation(new MutationVector("p", MutationKind.TEXT, null, "x", "</script>", "bob", 8, 2L), 13L),
                new Message.Mutation(new MutationVector("a", MutationKind.ATTRIBUTE, "title", "x", null, "carol", 1, 2L), 3L));
        List<String> encoded = items.stream().map(MessageCodec::encodeMutationItem).toList();

        String frame = MessageCodec.mutationsFrame(encoded);

        assertEquals(MessageCodec.encode(new Message.MutationBatch(items)), frame);
        assertEquals(new Message.MutationBatch(items), MessageCodec.decode(frame));
        assertEquals(new Message.MutationBatch(items.subList(1, 2)), MessageCodec.decode(MessageCodec.mutationsFrame(
                encoded.subList(1, 2))));
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.mutationsFrame(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"say \"hi\"", "back\\slash", "emoji 😀👩‍👩‍👧 end", "nul \u0000 bell \u0007 esc \u001b",
            "line\nbreak\r\ttab", "\u2028\u2029 separators", "</script><script>alert(1)</script>", "", " ",
            "ünïcödé ÆØÅ 中文", "\ud83d lone high surrogate", "\u007f\u0080\u009f"})
    void awkwardStringsSurviveARoundTrip(String awkward) throws ProtocolException {
        Message message = new Message.Mutation(
                new MutationVector("#" + awkward, MutationKind.TEXT, null, awkward, awkward, "alice", 1, 2), 5L);
        String frame = MessageCodec.encode(message);
        assertEquals(message, MessageCodec.decode(frame));
        assertTrue(frame.chars().noneMatch(c -> c < 0x20), "control characters are escaped in " + frame);
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void aCoreKindReadsAndWritesTheSameWithoutTheNamedOperationsFamily(Message message) throws ProtocolException {
        String frame = MessageCodec.encode(message);
        assertEquals(frame, MessageCodec.encode(message, dev.entangle.core.json.Json.SIMPLE, MessageFamily.NONE));
        assertEquals(message, MessageCodec.decode(frame, dev.entangle.core.json.Json.SIMPLE, MessageFamily.NONE));
    }

    @Test
    void aNamedOperationsFrameReadWithoutItsFamilyIsNothingAndLeftOutOfABatch() throws ProtocolException {
        String confirmed = "{\"type\":\"operation_confirmed\",\"id\":3,\"success\":true,\"serverTimestamp\":5}";
        assertTrue(MessageCodec.decode(confirmed) instanceof Message.OperationConfirmed);
        assertNull(MessageCodec.decode(confirmed, dev.entangle.core.json.Json.SIMPLE, MessageFamily.NONE));
        assertNull(MessageCodec.decode("{\"type\":\"client_connected\",\"clientId\":\"bob\"}",
                dev.entangle.core.json.Json.SIMPLE, MessageFamily.NONE));
        Message batch = MessageCodec.decode("{\"type\":\"batch\",\"frames\":[" + confirmed + ",{\"type\":\"pong\",\"time\":1}]}",
                dev.entangle.core.json.Json.SIMPLE, MessageFamily.NONE);
        assertEquals(new Message.Batch(List.of(new Message.Pong(1))), batch);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.decode("{\"type\":\"launch\"}", dev.entangle.core.json.Json.SIMPLE, MessageFamily.NONE));
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
    }

    /** The kinds only a hub sends, and those only a client sends; every other kind travels both ways. */
    private static final Set<Class<?>> HUB_ONLY = Set.of(Message.Welcome.class, Message.Ownership.class,
            Message.OwnershipRequest.class, Message.Peer.class, Message.Ack.class, Message.Acks.class,
            Message.Error.class, Message.TextSnapshot.class);
    private static final Set<Class<?>> CLIENT_ONLY = Set.of(Message.Hello.class, Message.Entangle.class,
            Message.Own.class, Message.Disentangle.class, Message.TextOpen.class);

    @ParameterizedTest
    @MethodSource("everyKind")
    void aClientWritesOnlyWhatItSendsAndReadsOnlyWhatTheHubSends(Message message) throws ProtocolException {
        String frame = MessageCodec.encode(message);
        if (HUB_ONLY.contains(message.getClass())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MessageCodec.encodeAsClient(message, Json.SIMPLE, MessageFamily.NONE));
            assertEquals("this codec does not write '" + message.type() + "' frames", e.getMessage());
        } else {
            assertEquals(frame, MessageCodec.encodeAsClient(message, Json.SIMPLE, MessageFamily.NONE));
        }
        if (CLIENT_ONLY.contains(message.getClass())) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> MessageCodec.decodeAsClient(frame, Json.SIMPLE, MessageFamily.NONE));
            assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
            assertEquals("unknown message type '" + message.type() + "'", e.getMessage());
        } else {
            assertEquals(message, MessageCodec.decodeAsClient(frame, Json.SIMPLE, MessageFamily.NONE));
        }
    }

    @Test
    void aClientReadsABatchOfWhatTheHubSendsAndRefusesOneWithAClientsKind() throws ProtocolException {
        String confirmed = "{\"type\":\"operation_confirmed\",\"id\":3,\"success\":true,\"serverTimestamp\":5}";
        assertEquals(new Message.Batch(List.of(new Message.Ack(7, 12L), new Message.Pong(1))),
                MessageCodec.decodeAsClient("{\"type\":\"batch\",\"frames\":[{\"type\":\"ack\",\"seq\":7,\"serverSeq\":12},"
                        + confirmed + ",{\"type\":\"pong\",\"time\":1}]}", Json.SIMPLE, MessageFamily.NONE));
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.decodeAsClient(
                "{\"type\":\"batch\",\"frames\":[{\"type\":\"pong\",\"time\":1},{\"type\":\"own\",\"seq\":1,"
                        + "\"selector\":\"#a\",\"action\":\"request\"}]}", Json.SIMPLE, MessageFamily.NONE));
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertEquals("unknown message type 'own'", e.getMessage());
        ProtocolException nested = assertThrows(ProtocolException.class, () -> MessageCodec.decodeAsClient(
                "{\"type\":\"batch\",\"frames\":[{\"type\":\"batch\",\"frames\":[{\"type\":\"pong\",\"time\":1}]}]}",
                Json.SIMPLE, MessageFamily.NONE));
        assertEquals(ErrorCode.INVALID_FIELD, nested.code());
        assertEquals("a batch holds no batch", nested.getMessage());
    }

    @Test
    void aNamedOperationsMessageIsNotWrittenWithoutItsFamily() {
        Message presence = new Message.ClientPresence(true, "bob");
        assertEquals("{\"type\":\"client_connected\",\"clientId\":\"bob\"}", MessageCodec.encode(presence));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageCodec.encode(presence, dev.entangle.core.json.Json.SIMPLE, MessageFamily.NONE));
        assertTrue(e.getMessage().contains("client_connected"), e.getMessage());
    }

    @Test
    void keysAreWrittenInAFixedOrder() {
        assertEquals("{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#v\",\"to\":\"*\",\"mode\":\"mirror\"}",
                MessageCodec.encode(new Message.Entangle(1, "#v", "*", Mode.MIRROR)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"type\":", "{\"type\":\"ping\",\"time\":1", "not json", "{'type':'ping'}",
            "{\"type\":\"ping\",\"time\":1}}", "[1,2", "{\"type\":}", "\u0000"})
    void malformedJsonIsReportedAsMalformed(String frame) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.decode(frame));
        assertEquals(ErrorCode.MALFORMED_JSON, e.code(), e.getMessage());
    }

    @Test
    void jsonThatIsNotAnObjectIsAnInvalidFrame() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.decode("[1,2]"));
        assertEquals(ErrorCode.INVALID_FIELD, e.code());
        assertEquals("expected a JSON object, got array", e.getMessage());
    }

    @Test
    void unknownTypeNamesTheType() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.decode("{\"type\":\"launch\"}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertEquals("unknown message type 'launch'", e.getMessage());
    }

    @Test
    void aMultiplayerFrameWithASeqThatIsNoIntegerIsAnInvalidField() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.decode("{\"type\":\"chat\",\"seq\":\"x\",\"action\":\"send\"}"));
        assertEquals(ErrorCode.INVALID_FIELD, e.code());
    }

    @Test
    void aTextOperationComponentThatIsNeitherNamesWhatItIs() {
        ProtocolException zero = assertThrows(ProtocolException.class, () -> MessageCodec.decodeOperation(List.of(0L)));
        assertEquals(ErrorCode.INVALID_FIELD, zero.code());
        assertEquals("field 'op' must hold non-zero integers and strings, got 0", zero.getMessage());
        ProtocolException nested = assertThrows(ProtocolException.class,
                () -> MessageCodec.decodeOperation(List.of(3L, List.of("x"))));
        assertEquals("field 'op' must hold non-zero integers and strings, got array", nested.getMessage());
        ProtocolException object = assertThrows(ProtocolException.class,
                () -> MessageCodec.decode("{\"type\":\"text-op\",\"seq\":1,\"doc\":\"d\",\"revision\":0,\"op\":[{\"a\":1}]}"));
        assertEquals(ErrorCode.INVALID_FIELD, object.code());
        assertEquals("field 'op' must hold non-zero integers and strings, got object", object.getMessage());
    }

    @Test
    void missingFieldNamesTheField() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.decode("{\"type\":\"hello\",\"clientId\":\"a\"}"));
        assertEquals(ErrorCode.MISSING_FIELD, e.code());
        assertEquals("missing field 'room' (expected a string)", e.getMessage());
    }

    @Test
    void wrongTypeNamesTheFieldAndBothTypes() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.decode("{\"type\":\"hello\",\"clientId\":42,\"room\":\"r\"}"));
        assertEquals(ErrorCode.INVALID_FIELD, e.code());
        assertEquals("field 'clientId' must be a string, got number", e.getMessage());
    }

    @Test
    void badEntangleOptionsAndOwnActionsAreInvalidFields() {
        for (String frame : List.of(
                "{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#v\",\"to\":\"*\",\"mode\":\"mesh\",\"attributes\":\"value\"}",
                "{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#v\",\"to\":\"*\",\"mode\":\"mesh\",\"attributes\":[1]}",
                "{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#v\",\"to\":\"*\",\"mode\":\"mesh\",\"owned\":\"yes\"}",
                "{\"type\":\"hello\",\"clientId\":\"a\",\"room\":\"r\",\"teams\":[\"red\",7]}",
                "{\"type\":\"own\",\"seq\":1,\"selector\":\"#v\",\"action\":\"steal\"}",
                "{\"type\":\"mutations\",\"items\":[]}",
                "{\"type\":\"mutations\",\"items\":[7]}")) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.decode(frame), frame);
            assertEquals(ErrorCode.INVALID_FIELD, e.code(), frame);
        }
    }

    @Test
    void unknownModeAndKindAreInvalidFields() {
        ProtocolException mode = assertThrows(ProtocolException.class, () -> MessageCodec.decode(
                "{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#v\",\"to\":\"*\",\"mode\":\"sideways\"}"));
        assertEquals(ErrorCode.INVALID_FIELD, mode.code());
        ProtocolException kind = assertThrows(ProtocolException.class, () -> MessageCodec.decode(
                "{\"type\":\"mutation\",\"vector\":{\"selector\":\"#v\",\"kind\":\"style\",\"name\":\"x\","
                        + "\"source\":\"a\",\"seq\":1,\"timestamp\":2}}"));
        assertEquals(ErrorCode.INVALID_FIELD, kind.code());
    }

    @Test
    void operationsTravelInOtJsForm() {
        String frame = MessageCodec.encode(new Message.TextOp(1L, "d", 0,
                TextOperation.builder().retain(2).insert("ab").delete(3).build(), null));
        assertTrue(frame.contains("\"op\":[2,\"ab\",-3]"), frame);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0]", "[true]", "[1.5]", "[{}]", "[99999999999]"})
    void malformedOperationsAreInvalidFields(String op) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.decode(
                "{\"type\":\"text-op\",\"seq\":1,\"doc\":\"d\",\"revision\":0,\"op\":" + op + "}"));
        assertEquals(ErrorCode.INVALID_FIELD, e.code(), e.getMessage());
    }

    @Test
    void anAttributeMutationMustNameItsAttribute() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.decode(
                "{\"type\":\"mutation\",\"vector\":{\"selector\":\"#v\",\"kind\":\"attribute\","
                        + "\"source\":\"a\",\"seq\":1,\"timestamp\":2}}"));
        assertEquals(ErrorCode.MISSING_FIELD, e.code());
    }
}
