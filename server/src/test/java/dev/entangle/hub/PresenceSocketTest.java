package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence over real sockets, on a hub with a short heartbeat (300 ms, so a presence timeout of
 * 600 ms checked every 75 ms): a client that stops pinging, or is killed, is gone from the others'
 * lists within two heartbeats of its last frame (plus the check's period), never before; a receiver
 * that reads nothing for a while gets only each sender's latest presence and cursor; pointers moving
 * faster than the room's relays reach the others at most once a relay, in order.
 */
class PresenceSocketTest {
    private static final long HEARTBEAT = 300;
    private static final long TIMEOUT = 2 * HEARTBEAT;
    /** The check's period (an eighth of the timeout) and scheduling on a shared machine. */
    private static final long LATE = 75 + 250;
    private EntangleHub hub;
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();

    /** A hub with clients pinging every {@code heartbeat}, relaying presence every 16 ms (the default). */
    private void start(long heartbeat) {
        start(heartbeat, new HubConfig().awarenessIntervalMillis);
    }

    private void start(long heartbeat, long awarenessInterval) {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.heartbeatMillis = heartbeat;
            config.awarenessIntervalMillis = awarenessInterval;
            config.messagesPerSecond = 0;
            config.ephemeralPerSecond = 100_000;
            config.ephemeralBurst = 100_000;
        }).start();
    }

    @AfterEach
    void stop() {
        pinger.shutdownNow();
        hub.stop();
    }

    private RawSocketClient join(String clientId) throws Exception {
        RawSocketClient client = new RawSocketClient("ws://127.0.0.1:" + hub.port() + "/entangle");
        client.send(MessageCodec.encode(new Message.Hello(clientId, "demo", null)));
        client.next("\"welcome\"");
        return client;
    }

    /** A live client: pings three times a heartbeat, from now on (the test sends nothing else on it). */
    private void keepAlive(RawSocketClient client) {
        pinger.scheduleAtFixedRate(() -> client.send(MessageCodec.encode(new Message.Ping(1))), 0, HEARTBEAT / 3,
                TimeUnit.MILLISECONDS);
    }

    private static String presence(Map<String, Object> state) {
        return MessageCodec.encode(new Message.Awareness("presence", Map.of("state", state)));
    }

    @Test
    void aClientThatStopsPingingIsGoneWithinTwoHeartbeatsOfItsLastFrame() throws Exception {
        start(HEARTBEAT);
        RawSocketClient watcher = join("watcher");
        keepAlive(watcher);
        RawSocketClient frozen = join("frozen");
        frozen.send(presence(Map.of("name", "Frozen")));
        watcher.next("\"clientId\":\"frozen\"");
        long last = 0;
        for (int i = 0; i < 4; i++) {
            Thread.sleep(HEARTBEAT / 2);
            frozen.send(MessageCodec.encode(new Message.Ping(i)));
            last = System.currentTimeMillis();
        }
        // The tab freezes: its socket stays open, it sends nothing more.
        watcher.next("{\"type\":\"presence\",\"clientId\":\"frozen\",\"left\":true}");
        long after = System.currentTimeMillis() - last;
        assertTrue(after >= TIMEOUT - 20, "never before the timeout: " + after + " ms");
        assertTrue(after <= TIMEOUT + LATE, "gone within two heartbeats and a check: " + after + " ms");
    }

    @Test
    void aJoinerGetsTheListRightAfterItsWelcome() throws Exception {
        start(new HubConfig().heartbeatMillis);
        for (String name : List.of("alice", "bob", "carol")) {
            join(name).send(presence(Map.of("name", name)));
        }
        for (int i = 0; i < 20; i++) {
            RawSocketClient joiner = new RawSocketClient("ws://127.0.0.1:" + hub.port() + "/entangle");
            joiner.send(MessageCodec.encode(new Message.Hello("joiner" + i, "demo", null)));
            assertTrue(joiner.poll(5_000).startsWith("{\"type\":\"welcome\""), "welcome comes first");
            List<String> listed = new ArrayList<>();
            for (String frame = joiner.poll(1_000); listed.size() < 3 && frame != null; frame = joiner.poll(1_000)) {
                if (frame.startsWith("{\"type\":\"presence\"")) {
                    listed.add(Json.parseObject(frame).object("state").optionalString("name"));
                }
            }
            assertEquals(List.of("alice", "bob", "carol"), listed.stream().sorted().toList(), "then the others' states");
            joiner.close();
        }
    }

    @Test
    void aKilledClientIsGoneWithinTheTimeoutAndOneBackInTimeNeverLeaves() throws Exception {
        start(HEARTBEAT);
        RawSocketClient watcher = join("watcher");
        keepAlive(watcher);
        RawSocketClient reloading = join("reloading");
        RawSocketClient killed = join("killed");
        watcher.next("\"clientId\":\"killed\"");

        reloading.close(); // a reload: back within the timeout
        RawSocketClient back = join("reloading");
        keepAlive(back);
        killed.send(MessageCodec.encode(new Message.Ping(1)));
        killed.close();
        long closed = System.currentTimeMillis();
        String left = watcher.next("\"left\":true");
        long after = System.currentTimeMillis() - closed;
        assertEquals("{\"type\":\"presence\",\"clientId\":\"killed\",\"left\":true}", left);
        assertTrue(after <= TIMEOUT + LATE, "gone within the timeout and a check: " + after + " ms");
        for (long end = System.currentTimeMillis() + 2 * TIMEOUT; System.currentTimeMillis() < end; ) {
            String frame = watcher.poll(50);
            assertFalse(frame != null && frame.contains("\"reloading\""),
                    "the reloaded client neither left nor joined: " + frame);
        }
    }

    @Test
    void aReceiverThatReadsNothingAWhileGetsOnlyTheLatestPresenceAndCursorOfEachSender() throws Exception {
        // Nobody pings here: none of them may be taken as gone. Each frame relayed at once: what
        // coalesces is the stalled receiver's own queue, not the room's interval.
        start(new HubConfig().heartbeatMillis, 0);
        RawSocketClient stalled = join("stalled");
        RawSocketClient mover = join("mover");
        RawSocketClient watcher = join("watcher");
        stalled.stopReading();
        String padding = "x".repeat(1_900); // fills the stalled socket's buffers sooner (a state may be 2 KiB)
        int moves = 4_000;
        for (int i = 1; i <= moves; i++) {
            mover.send(presence(Map.of("i", (long) i, "pad", padding)));
            mover.send(MessageCodec.encode(new Message.Awareness("cursor", Map.of("area", "board",
                    "x", i / (double) moves, "y", 0.5))));
        }
        String lastCursor = "\"x\":1.0,\"y\":0.5,\"clientId\":\"mover\"";
        watcher.next(lastCursor);
        assertTrue(hub.stats().ephemeralDroppedCount() > 0, "frames were superseded at the stalled receiver");
        assertFalse(stalled.closed.isDone(), "a backlog of presence never closes a receiver");

        stalled.resumeReading();
        long presences = 0;
        long latest = 0;
        String cursor = null;
        for (String frame = stalled.poll(2_000); frame != null; frame = stalled.poll(1_000)) {
            JsonObject in = Json.parseObject(frame);
            if (in.string("type").equals("presence") && "mover".equals(in.optionalString("clientId"))) {
                presences++;
                latest = in.object("state").has("i") ? in.object("state").longValue("i") : 0; // 0: its join
            } else if (in.string("type").equals("cursor")) {
                cursor = frame;
            }
        }
        assertEquals(moves, latest, "after its stall it ends at the mover's latest presence");
        assertTrue(cursor != null && cursor.contains(lastCursor), "and its latest cursor: " + cursor);
        assertTrue(presences < moves / 2, "having got far fewer than were sent: " + presences + " of " + moves);
    }

    @Test
    void pointersThatMoveFasterThanTheRoomsRelaysReachTheOthersAtMostOnceARelayInOrderEndingAtTheLatest()
            throws Exception {
        // The interval is for a room of 200; two members relay 200 / 2 times as often: 10 ms apart.
        long gap = 10;
        start(new HubConfig().heartbeatMillis, gap * 200 / 2);
        RawSocketClient watcher = join("watcher");
        RawSocketClient mover = join("mover");
        watcher.next("\"clientId\":\"mover\""); // its join
        int moves = 1_000;
        long started = System.currentTimeMillis();
        for (int i = 1; i <= moves; i++) {
            mover.send(MessageCodec.encode(new Message.Awareness("cursor", Map.of("area", "board",
                    "x", i / (double) moves, "y", 0.5))));
            Thread.sleep(1);
        }
        long took = System.currentTimeMillis() - started;
        List<Double> seen = new ArrayList<>();
        for (String frame = watcher.poll(2_000); frame != null; frame = watcher.poll(500)) {
            JsonObject in = Json.parseObject(frame);
            if (in.string("type").equals("cursor")) {
                seen.add(Double.parseDouble(frame.replaceAll(".*\"x\":([0-9.E+-]+).*", "$1")));
                if (seen.get(seen.size() - 1) == 1.0) {
                    break;
                }
            }
        }
        assertEquals(1.0, seen.get(seen.size() - 1), "the watcher ends at the latest pointer: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "never an older pointer after a newer one: " + seen);
        }
        long intervals = took / gap + 3;
        assertTrue(seen.size() <= intervals, seen.size() + " pointers in " + took + " ms: at most one every " + gap + " ms");
        assertTrue(seen.size() >= 10, "but one every interval or so, not only the last: " + seen.size());
    }

    @Test
    void aLeftSupersedesThePresenceOfItsSenderStillWaitingAtAStalledReceiver() throws Exception {
        start(HEARTBEAT);
        RawSocketClient stalled = join("stalled");
        RawSocketClient watcher = join("watcher");
        keepAlive(stalled); // it still sends, it only stopped reading
        keepAlive(watcher);
        RawSocketClient mover = join("mover");
        stalled.stopReading();
        String padding = "x".repeat(1_900);
        int moves = 3_000;
        for (int i = 1; i <= moves; i++) { // its own frames keep it heard
            mover.send(presence(Map.of("i", (long) i, "pad", padding)));
        }
        watcher.next("\"i\":" + moves); // the last: none is higher
        mover.close();
        watcher.next("{\"type\":\"presence\",\"clientId\":\"mover\",\"left\":true}");

        stalled.resumeReading();
        List<String> aboutMover = new ArrayList<>();
        for (long end = System.currentTimeMillis() + 3_000; System.currentTimeMillis() < end; ) {
            String frame = stalled.poll(50);
            if (frame != null && frame.contains("\"clientId\":\"mover\"")) {
                aboutMover.add(frame);
            }
        }
        assertEquals("{\"type\":\"presence\",\"clientId\":\"mover\",\"left\":true}",
                aboutMover.get(aboutMover.size() - 1), "the stalled receiver ends with mover gone");
        assertTrue(aboutMover.size() < moves / 2, "and got far fewer frames than were sent: " + aboutMover.size());
        assertFalse(stalled.closed.isDone());
    }
}
