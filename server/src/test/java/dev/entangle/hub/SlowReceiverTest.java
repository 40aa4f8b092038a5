package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.session.WebSocketOutlet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver that stops reading (a stalled network, a frozen tab) never slows the room: over real
 * sockets, the others' changes and acknowledgements keep flowing while its frames back up. Past its
 * bound of changes it is closed with 1008 (it reconnects and catches up); on the ephemeral lane it
 * costs at most one waiting frame per sender and key, and is never closed for it.
 */
class SlowReceiverTest {
    private static final String PADDING = "x".repeat(3_000); // fills the stalled socket's buffers sooner
    private EntangleHub hub;

    @BeforeEach
    void start() {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.maxQueuedFrames = 32;
            config.messagesPerSecond = 0;
            config.ephemeralPerSecond = 100_000;
            config.ephemeralBurst = 100_000;
        }).start();
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    private RawSocketClient join(String clientId) throws Exception {
        RawSocketClient client = new RawSocketClient("ws://127.0.0.1:" + hub.port() + "/entangle");
        client.send(MessageCodec.encode(new Message.Hello(clientId, "demo", null)));
        client.next("\"welcome\"");
        client.send(MessageCodec.encode(new Message.Entangle(1, "#volume", "*", Mode.BIDIRECTIONAL)));
        client.next("\"ack\"");
        return client;
    }

    @Test
    void aReceiverThatStopsReadingIsClosedPastItsBoundWhileTheOthersGetEverything() throws Exception {
        RawSocketClient stalled = join("stalled");
        RawSocketClient writer = join("writer");
        RawSocketClient reader = join("reader");
        stalled.stopReading();
        int changes = 2_000;
        int received = 0;
        for (int i = 1; i <= changes; i++) {
            long seq = 1 + i;
            writer.send(MessageCodec.encode(new Message.Mutation(new MutationVector("#volume", MutationKind.PROPERTY,
                    "value", null, i + PADDING, "writer", seq, i), null)));
            writer.next("\"seq\":" + seq + ",");
            // The reader reads each change before the next is sent: it keeps up however slow the machine
            // is (past 32 waiting frames the hub would rightly cut it off too), only the stalled one backs up.
            while (received < i) {
                String frame = reader.poll(5_000);
                assertNotNull(frame, "the reader got change " + i + " while the stalled one was backing up"
                        + (reader.closed.isDone() ? " (the hub closed it: " + reader.closed.getNow(null) + ")" : ""));
                // A relay that fell behind leaves as one "mutations" frame of several rounds: count changes, not frames.
                received += HubPeer.valuesIn(List.of(MessageCodec.decode(frame)), false).size();
            }
        }
        assertEquals(changes, received, "the reader got every change, once");
        stalled.resumeReading(); // it reads what reached it, and then the hub's close
        assertEquals(WebSocketOutlet.POLICY_VIOLATION, stalled.closed.get(10, TimeUnit.SECONDS),
                "the stalled receiver was closed past its bound of waiting frames");
        assertTrue(stalled.waiting() < changes, "it was cut off, not sent everything: " + stalled.waiting());
    }

    @Test
    void onTheEphemeralLaneAStalledReceiverGetsOnlyTheLatestOfEachKeyAndStaysConnected() throws Exception {
        RawSocketClient stalled = join("stalled");
        RawSocketClient mover = join("mover");
        RawSocketClient watcher = join("watcher");
        stalled.stopReading();
        int moves = 3_000;
        for (int i = 1; i <= moves; i++) {
            mover.send(MessageCodec.encode(new Message.Ephemeral(i % 2 == 0 ? "cursor" : "pointer",
                    Map.of("i", (long) i, "pad", PADDING), null)));
        }
        Map<String, Long> latest = new HashMap<>();
        while (!Long.valueOf(moves).equals(latest.get("cursor")) || !Long.valueOf(moves - 1).equals(latest.get("pointer"))) {
            String frame = watcher.poll(5_000);
            assertTrue(frame != null, "the watcher keeps receiving: " + latest);
            if (frame.contains("\"ephemeral\"")) {
                JsonObject ephemeral = dev.entangle.core.json.Json.parseObject(frame);
                latest.put(ephemeral.string("key"), ephemeral.object("value").longValue("i"));
            }
        }
        assertTrue(hub.stats().ephemeralDroppedCount() > 0, "frames were superseded at the stalled receiver");
        assertFalse(stalled.closed.isDone(), "a backlog of cursors never closes a receiver");

        stalled.resumeReading();
        Map<String, Long> seen = new HashMap<>();
        int frames = 0;
        for (String frame = stalled.poll(2_000); frame != null; frame = stalled.poll(1_000)) {
            if (frame.contains("\"ephemeral\"")) {
                frames++;
                JsonObject ephemeral = dev.entangle.core.json.Json.parseObject(frame);
                seen.put(ephemeral.string("key"), ephemeral.object("value").longValue("i"));
            }
        }
        assertEquals(Map.of("cursor", (long) moves, "pointer", (long) moves - 1), seen,
                "after its stall it ends at the latest of each key");
        assertTrue(frames < moves / 2, "and got far fewer than were sent: " + frames + " of " + moves);
    }
}
