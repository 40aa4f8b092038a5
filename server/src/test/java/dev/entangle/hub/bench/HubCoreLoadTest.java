package dev.entangle.hub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.hub.EntangleHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the hub-core benchmark's load generator honest in CI: a short, slow run against an
 * in-process hub and relay must see every change arrive once. Behaviour only; the figures come
 * from {@code server/bench/hub-core.sh}.
 */
class HubCoreLoadTest {
    private static EntangleHub hub;
    private static BareRelay relay;

    @BeforeAll
    static void start() {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.messagesPerSecond = 0;
        }).start();
        relay = BareRelay.start(0, 1_024);
    }

    @AfterAll
    static void stop() {
        hub.stop();
        relay.stop();
    }

    private static String hubUrl() {
        return "ws://127.0.0.1:" + hub.port() + "/entangle";
    }

    @Test
    void everyAcknowledgedChangeReachesEveryOtherClientOnceThroughTheHub() throws Exception {
        FanOutLoad.Result result = FanOutLoad.run(new FanOutLoad.Settings(hubUrl(), false, "fanout-test", 6, 3, 100,
                200, 1_000, 5_000));

        assertEquals(120, result.sent());
        assertEquals(result.sent(), result.accepted(), "every change was acknowledged");
        assertTrue(result.drained(), "the backlog drained");
        assertEquals(0, result.lost());
        assertEquals(0, result.duplicates());
        assertEquals(0, result.closed());
        assertEquals(100 * 5, result.samples(), "each measured change was timed at each of the 5 other clients");
    }

    @Test
    void everyChangeReachesEveryOtherSocketOnceThroughTheBareRelay() throws Exception {
        FanOutLoad.Result result = FanOutLoad.run(new FanOutLoad.Settings(relay.url(), true, "relay-test", 6, 3, 100,
                200, 1_000, 5_000));

        assertEquals(120, result.accepted());
        assertTrue(result.drained());
        assertEquals(0, result.lost());
        assertEquals(0, result.duplicates());
    }

    @Test
    void everyDurableChangeIsAcknowledged() throws Exception {
        AckLoad.Result result = AckLoad.run(new AckLoad.Settings(hubUrl(), "acks-test-", 3, 100, 500));

        assertTrue(result.acknowledged() > 0);
        assertEquals(result.sent(), result.acknowledged());
        assertEquals(0, result.refused());
    }

    @Test
    void idleClientsAllJoinAndStayConnected() throws Exception {
        int[] seen = new int[1];
        IdleLoad.Result result = IdleLoad.run(new IdleLoad.Settings(hubUrl(), false, 30, 10, 8),
                (connected, millis) -> seen[0] = connected);

        assertEquals(30, seen[0]);
        assertEquals(30, result.connected());
        assertEquals(0, result.failed());
        assertEquals(0, result.closedWhileIdle());
    }
}
