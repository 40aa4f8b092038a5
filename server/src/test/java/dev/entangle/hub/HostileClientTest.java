package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.auth.AccessToken;
import dev.entangle.hub.auth.AccessToken.Access;
import dev.entangle.hub.auth.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of hostile frames against a live hub that requires tokens: malformed, truncated,
 * wrong-typed, out-of-range, oversized, replayed, claiming other ids, writing with a read-only
 * token, joining with expired and forged tokens, flooding. Afterwards the hub is up, the honest
 * clients saw only each other's changes, every refusal carried a known code (never
 * {@code internal}), and the hub's memory is back near where it started.
 */
class HostileClientTest {
    private static final byte[] SECRET = "hostile-suite-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
    private static final long SEED = 20261123;
    private static final int FRAMES_PER_KIND = 400;

    private final Tokens tokens = new Tokens(SECRET);
    private EntangleHub hub;

    @BeforeEach
    void start() {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.tokenSecret = SECRET;
        }).start();
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    private String token(String clientId, Access access, long ttlSeconds) {
        return tokens.issue(new AccessToken(clientId, Map.of("demo", access), List.of(),
                Instant.now().plusSeconds(ttlSeconds)));
    }

    private RawSocketClient connect() {
        return new RawSocketClient("ws://127.0.0.1:" + hub.port() + "/entangle");
    }

    private RawSocketClient join(String clientId, Access access) throws Exception {
        RawSocketClient client = connect();
        client.send(MessageCodec.encode(new Message.Hello(clientId, "demo", clientId + "-page", token(clientId, access, 600))));
        assertEquals("welcome", client.next().string("type"));
        client.send(MessageCodec.encode(new Message.Entangle(1, "#volume", "*", Mode.BIDIRECTIONAL)));
        client.next("\"ack\"");
        client.send(MessageCodec.encode(new Message.TextOpen(2, "notes", null, null)));
        client.next("\"text-snapshot\"");
        client.next("\"ack\"");
        return client;
    }

    private static String value(String source, long seq, String value) {
        return MessageCodec.encode(new Message.Mutation(new MutationVector("#volume", MutationKind.PROPERTY, "value", null,
                value, source, seq, 1), null));
    }

    /** Every frame a hostile client got back, read until it has been quiet for a moment. */
    private static List<JsonObject> drain(RawSocketClient client) throws Exception {
        List<JsonObject> frames = new ArrayList<>();
        while (true) {
            String frame = client.poll(300);
            if (frame == null) {
                return frames;
            }
            frames.add(Json.parseObject(frame));
        }
    }

    private static Set<String> knownCodes() {
        Set<String> codes = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            codes.add(code.wire());
        }
        codes.remove(ErrorCode.INTERNAL.wire());
        return codes;
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    @Test
    void theHubSurvivesThousandsOfHostileFramesAndHonestClientsSeeOnlyHonestChanges() throws Exception {
        RawSocketClient alice = join("alice", Access.WRITE);
        RawSocketClient bob = join("bob", Access.READ);
        long heapBefore = usedHeap();
        Random random = new Random(SEED);

        List<String> accepted = new ArrayList<>();
        alice.send(value("alice", 3, "honest-1"));
        alice.next("\"ack\"");
        accepted.add("honest-1");
        String acceptedFrame = value("alice", 3, "honest-1");

        // Each kind of attack is a generator of frames; every kind is sent by a fresh hostile client.
        List<Supplier<String>> attacks = List.of(
                () -> randomText(random, 1 + random.nextInt(200)), // garbage
                () -> { // truncated valid frames
                    String frame = value("mallory", random.nextInt(1000), "x" + random.nextInt());
                    return frame.substring(0, random.nextInt(frame.length()));
                },
                () -> List.of( // wrong types
                        "{\"type\":\"mutation\",\"vector\":[1,2,3]}",
                        "{\"type\":\"text-op\",\"seq\":\"one\",\"doc\":\"notes\",\"revision\":0,\"op\":[\"a\"]}",
                        "{\"type\":\"text-op\",\"seq\":5,\"doc\":\"notes\",\"revision\":0,\"op\":{\"insert\":\"a\"}}",
                        "{\"type\":\"entangle\",\"seq\":5,\"selector\":7,\"to\":\"*\",\"mode\":\"bidirectional\"}",
                        "{\"type\":42}", "[]", "null", "\"hello\"", "{\"type\":\"ping\",\"time\":\"now\"}")
                        .get(random.nextInt(9)),
                () -> List.of( // out of range
                        "{\"type\":\"text-op\",\"seq\":9,\"doc\":\"notes\",\"revision\":-4,\"op\":[\"a\"]}",
                        "{\"type\":\"text-op\",\"seq\":9,\"doc\":\"notes\",\"revision\":1e300,\"op\":[\"a\"]}",
                        "{\"type\":\"text-op\",\"seq\":9,\"doc\":\"notes\",\"revision\":0,\"op\":[99999999,\"a\"]}",
                        "{\"type\":\"text-op\",\"seq\":9,\"doc\":\"notes\",\"revision\":0,\"op\":[-5]}",
                        "{\"type\":\"text-cursor\",\"doc\":\"notes\",\"revision\":0,\"anchor\":-1,\"head\":1e20}",
                        "{\"type\":\"mutation\",\"vector\":{\"selector\":\"#volume\",\"kind\":\"laser\",\"name\":\"value\","
                                + "\"newValue\":\"1\",\"source\":\"mallory\",\"seq\":-1,\"timestamp\":1}}")
                        .get(random.nextInt(6)),
                () -> "{\"type\":\"ping\",\"time\":1,\"pad\":\"" + "x".repeat(70_000 + random.nextInt(10_000)) + "\"}",
                () -> value("alice", 3 + random.nextInt(5), "forged-" + random.nextInt()), // another client's id
                () -> acceptedFrame, // a replay of alice's accepted frame, sent by someone else
                () -> MessageCodec.encode(new Message.Mutation(new MutationVector("#volume", MutationKind.ATTRIBUTE,
                        "onclick", null, "alert(1)", "mallory", random.nextInt(100), 1), null)), // unsafe
                () -> value("mallory", random.nextInt(100_000), "with-only-read-" + random.nextInt()),
                () -> List.of( // named operations: a reader's push, malformed pushes and follows, hub-only messages
                        "{\"type\":\"sync_push\",\"operations\":[{\"name\":\"entity.upsert\",\"args\":{\"type\":"
                                + "\"todo\",\"id\":\"x\",\"entity\":{}},\"id\":1,\"clientId\":\"r-mallory\",\"timestamp\":1}]}",
                        "{\"type\":\"sync_push\",\"operations\":\"all of them\"}",
                        "{\"type\":\"sync_push\",\"operations\":[{\"name\":5,\"id\":1}]}",
                        "{\"type\":\"sync_subscribe\",\"clientId\":\"<script>\",\"stateVersion\":0}",
                        "{\"type\":\"sync_subscribe\",\"clientId\":\"r-1\",\"stateVersion\":\"latest\"}",
                        "{\"type\":\"state_changed\",\"stateVersion\":9,\"prevStateVersion\":0,\"patches\":"
                                + "{\"todo\":[{\"op\":\"add\",\"path\":\"/x\",\"value\":1}]},\"lastClientSeq\":0,"
                                + "\"serverTimestamp\":1}",
                        "{\"type\":\"state_changed\",\"stateVersion\":1,\"prevStateVersion\":0,\"patches\":"
                                + "{\"todo\":[{\"op\":\"explode\",\"path\":\"/x\"}]},\"lastClientSeq\":0,\"serverTimestamp\":1}",
                        "{\"type\":\"operation_confirmed\",\"id\":1,\"success\":true,\"serverTimestamp\":1}")
                        .get(random.nextInt(8)));
        Set<String> codes = knownCodes();
        int framesSent = 0;
        int refusals = 0;
        for (Supplier<String> attack : attacks) {
            RawSocketClient mallory = join("mallory", Access.READ);
            for (int i = 0; i < FRAMES_PER_KIND && !mallory.closed.isDone(); i++) {
                try {
                    mallory.send(attack.get());
                    framesSent++;
                } catch (RuntimeException closedUnderneath) {
                    break; // the hub cut the socket (an oversized frame): the attack is over for this client
                }
            }
            for (JsonObject frame : drain(mallory)) {
                if (frame.string("type").equals("error")) {
                    refusals++;
                    assertTrue(codes.contains(frame.string("code")), "a refusal with a known code: " + frame);
                }
            }
            mallory.close();
        }

        // Joining with expired, forged, someone else's and no tokens: each refused with its code.
        Map<String, String> badHellos = Map.of(
                "token_expired", MessageCodec.encode(new Message.Hello("mallory", "demo", "p", token("mallory", Access.WRITE, -5))),
                "token_invalid", MessageCodec.encode(new Message.Hello("mallory", "demo", "p",
                        new Tokens("a-forger-guessed-this-32-byte-secret".getBytes(StandardCharsets.UTF_8)).issue(
                                new AccessToken("mallory", Map.of("*", Access.WRITE), List.of(), Instant.now().plusSeconds(60))))),
                "identity_mismatch", MessageCodec.encode(new Message.Hello("alice", "demo", "p", token("mallory", Access.WRITE, 60))),
                "token_required", MessageCodec.encode(new Message.Hello("mallory", "demo", "p")),
                "room_forbidden", MessageCodec.encode(new Message.Hello("mallory", "vault", "p", token("mallory", Access.WRITE, 60))));
        for (Map.Entry<String, String> bad : badHellos.entrySet()) {
            for (int i = 0; i < 20; i++) {
                RawSocketClient intruder = connect();
                intruder.send(bad.getValue());
                JsonObject answer = intruder.next();
                assertEquals(bad.getKey(), answer.string("code"), answer.toString());
                intruder.send(value("mallory", 1, "after-a-refused-hello"));
                assertEquals("not_joined", intruder.next().string("code"));
                intruder.close();
                framesSent += 2;
                refusals += 2;
            }
        }

        // A flood: far past the rate limit, then cut off with 1008.
        RawSocketClient flooder = join("flooder", Access.WRITE);
        long connectionsWithFlooder = connections();
        for (int i = 0; i < 50_000 && !flooder.closed.isDone(); i++) {
            try {
                flooder.send("{\"type\":\"ping\",\"time\":" + i + "}");
            } catch (RuntimeException closedUnderneath) {
                break;
            }
            framesSent++;
        }
        int code = flooder.closed.get(10, TimeUnit.SECONDS);
        // The hub closes it with 1008; a flooder still writing may have its socket reset before it reads
        // the close frame (-1, seen on a loaded CI machine): then the hub must have refused it for its
        // rate and dropped its connection.
        assertTrue(code == Hub.POLICY_VIOLATION || code == -1, "a flooder is disconnected, got close code " + code);
        assertTrue(hub.stats().rejected(ErrorCode.RATE_LIMITED) > 0, "it was refused for its rate first");
        Await.until(() -> connections() == connectionsWithFlooder - 1, "the hub holds no connection of the flooder");

        // The honest clients go on as before and saw nothing of the attack.
        alice.send(value("alice", 4, "honest-2"));
        alice.next("\"seq\":4");
        accepted.add("honest-2");
        alice.send(MessageCodec.encode(new Message.TextOp(5L, "notes", 0, TextOperation.builder().insert("safe").build(),
                null)));
        alice.next("\"seq\":5");
        List<String> bobSaw = new ArrayList<>();
        String notes = "";
        for (JsonObject frame : drain(bob)) {
            switch (frame.string("type")) {
                case "mutation" -> bobSaw.add(frame.object("vector").string("newValue"));
                case "text-op" -> notes = ((Message.TextOp) MessageCodec.decode(frame.toString())).operation().apply(notes);
                default -> { }
            }
        }
        assertEquals(accepted, bobSaw, "bob saw alice's changes and nothing else");
        assertEquals("safe", notes, "the shared text holds only alice's edit");

        HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.port() + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stats.statusCode(), "the hub still answers");
        JsonObject rejected = Json.parseObject(stats.body()).object("rejected");
        assertFalse(rejected.has("internal"), "no frame made the hub fail: " + rejected);
        assertTrue(framesSent > 3_000, "thousands of hostile frames: " + framesSent);
        assertTrue(refusals > 1_000, "refusals came back with their codes: " + refusals);
        assertNotEquals(0, rejected.longValue("rate_limited"));

        long heapAfter = usedHeap();
        System.out.printf("hostile suite: %d frames, %d refusals, heap %d MiB before, %d MiB after%n", framesSent,
                refusals, heapBefore >> 20, heapAfter >> 20);
        assertTrue(heapAfter - heapBefore < 64L << 20, "memory is back near its baseline: "
                + (heapBefore >> 20) + " MiB before, " + (heapAfter >> 20) + " MiB after");
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        String alphabet = "{}[]\":,\\ntrufalse0123456789-+.eE \u0000\u001f\ud83d\ude00\ud800type";
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** The connections the hub holds, as its /stats reports them. */
    private long connections() {
        try {
            return Json.parseObject(hub.statsJson()).longValue("connections");
        } catch (dev.entangle.core.json.JsonException e) {
            throw new AssertionError(e);
        }
    }
}
