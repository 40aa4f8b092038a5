package dev.entangle.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.store.VirtualTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session driven by hand-written hub frames, as a transport would hand them over. */
class SyncWireSessionTest {
    private final VirtualTime time = new VirtualTime();
    private final List<String> sent = new ArrayList<>();
    private final Map<Long, SyncError> verdicts = new LinkedHashMap<>();
    private final List<String> told = new ArrayList<>();
    private final SyncWireSession session = new SyncWireSession(Json.SIMPLE, sent::add, List.of("todo"),
            new SyncWireSession.Events() {
                @Override
                public void welcomed(Message.Welcome welcome) {
                    told.add("welcome " + welcome.heartbeatMs());
                }

                @Override
                public void presence(String clientId, boolean connected) {
                    told.add((connected ? "connected " : "disconnected ") + clientId);
                }

                @Override
                public void error(Message.Error error) {
                    told.add("error " + error.code().wire());
                }

                @Override
                public void unreadable(String frame, ProtocolException problem) {
                    told.add("unreadable " + frame);
                }
            });
    private final SyncEngine engine = new SyncEngine("r-1", Mutators.withEntityOperations(), session, time, time,
            ConflictResolutionStrategy.SERVER_WINS_REBASE, FlushEngine.Settings.DEFAULTS, verdicts::put);

    SyncWireSessionTest() {
        session.attach(engine);
    }

    @Test
    void openingSubscribesFromTheVersionHeld() throws JsonException {
        session.opened();

        JsonObject subscribe = onlyFrame();
        assertEquals("sync_subscribe", subscribe.string("type"));
        assertEquals("r-1", subscribe.string("clientId"));
        assertEquals(0, subscribe.longValue("stateVersion"));
        assertEquals(List.of("todo"), subscribe.array("types"));
    }

    @Test
    void aMutationGoesOutAsOneSyncPushAndItsVerdictSettlesIt() throws Exception {
        joinAtVersion0();
        engine.mutate(Mutators.UPSERT, upsert("t1", "milk"));
        time.advance(100);

        JsonObject push = onlyFrame();
        assertEquals("sync_push", push.string("type"));
        Map<?, ?> op = (Map<?, ?>) push.array("operations").get(0);
        assertEquals(1L, ((Number) op.get("id")).longValue());
        assertEquals("r-1", op.get("clientId"));
        assertEquals(Mutators.UPSERT, op.get("name"));
        assertTrue(session.awaitingVerdicts());

        session.receive(delta(0, 1, 1, "[{\"op\":\"add\",\"path\":\"/t1\",\"value\":{\"title\":\"milk\"}}]"));
        session.receive("{\"type\":\"operation_confirmed\",\"id\":1,\"success\":true,\"stateVersion\":1,"
                + "\"serverTimestamp\":5}");

        assertTrue(verdicts.containsKey(1L));
        assertNull(verdicts.get(1L));
        assertFalse(session.awaitingVerdicts());
        assertEquals(1, engine.coordinator().serverSeq());
        assertTrue(engine.coordinator().getPendingPatches().isEmpty());
        assertEquals(Map.of("title", "milk"), engine.state().get("todo", "t1"));
    }

    @Test
    void aRefusalRollsTheOptimisticChangeBack() throws Exception {
        joinAtVersion0();
        engine.mutate(Mutators.UPSERT, upsert("t1", "milk"));
        time.advance(100);
        assertEquals(Map.of("title", "milk"), engine.state().get("todo", "t1"));

        session.receive("{\"type\":\"operation_confirmed\",\"id\":1,\"success\":false,\"code\":\"mutation_refused\","
                + "\"error\":\"no milk\",\"serverTimestamp\":5}");

        assertEquals(new SyncError("mutation_refused", "no milk"), verdicts.get(1L));
        assertNull(engine.state().get("todo", "t1"));
        assertFalse(session.awaitingVerdicts());
    }

    @Test
    void anotherClientsDeltaChangesTheStateAndPresenceAndOddFramesGoToTheTransport() throws Exception {
        joinAtVersion0();
        session.receive("{\"type\":\"welcome\",\"clientId\":\"alice\",\"room\":\"todos\",\"heartbeatMs\":15000,"
                + "\"epoch\":\"e1\"}");
        session.receive("{\"type\":\"client_connected\",\"clientId\":\"bob\"}");
        session.receive(delta(0, 1, 0, "[{\"op\":\"add\",\"path\":\"/t9\",\"value\":{\"title\":\"bread\"}}]"));
        session.receive("{\"type\":\"client_disconnected\",\"clientId\":\"bob\"}");
        session.receive("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\"}");
        session.receive("{\"type\":\"from_the_future\"}");

        assertEquals(Map.of("title", "bread"), engine.state().get("todo", "t9"));
        assertEquals(List.of("welcome 15000", "connected bob", "disconnected bob", "error rate_limited",
                "unreadable {\"type\":\"from_the_future\"}"), told);
        assertTrue(sent.isEmpty());
    }

    @Test
    void aReconnectResubscribesFromTheVersionHeldAndSendsTheLostBatchAgain() throws Exception {
        joinAtVersion0();
        session.receive(delta(0, 3, 0, "[{\"op\":\"add\",\"path\":\"/t9\",\"value\":{\"title\":\"bread\"}}]"));
        engine.mutate(Mutators.UPSERT, upsert("t1", "milk"));
        time.advance(100);
        assertEquals("sync_push", onlyFrame().string("type"));

        session.closed("disconnected");
        assertFalse(session.awaitingVerdicts());
        session.opened();

        JsonObject subscribe = Json.parseObject(sent.get(0));
        assertEquals("sync_subscribe", subscribe.string("type"));
        assertEquals(3, subscribe.longValue("stateVersion"));
        time.advance(10_000);
        JsonObject again = Json.parseObject(sent.get(sent.size() - 1));
        assertEquals("sync_push", again.string("type"));
        assertEquals(1L, ((Number) ((Map<?, ?>) again.array("operations").get(0)).get("id")).longValue());
    }

    @Test
    void aLateVerdictOfAnAbandonedBatchStillReachesTheEngine() throws Exception {
        joinAtVersion0();
        engine.mutate(Mutators.UPSERT, upsert("t1", "milk"));
        time.advance(100);
        assertTrue(session.abandon("no answer in time"));
        assertFalse(session.abandon("twice"));

        session.receive("{\"type\":\"operation_confirmed\",\"id\":1,\"success\":true,\"stateVersion\":1,"
                + "\"serverTimestamp\":5}");

        assertTrue(verdicts.containsKey(1L));
        assertNull(verdicts.get(1L));
    }

    private void joinAtVersion0() throws JsonException {
        session.opened();
        assertEquals("sync_subscribe", onlyFrame().string("type"));
        session.receive("{\"type\":\"state_changed\",\"stateVersion\":0,\"prevStateVersion\":0,\"patches\":{},"
                + "\"lastClientSeq\":0,\"serverTimestamp\":1,\"full\":true}");
    }

    /** The one frame sent since the last look, which is then forgotten. */
    private JsonObject onlyFrame() throws JsonException {
        assertEquals(1, sent.size(), () -> "frames sent: " + sent);
        return Json.parseObject(sent.remove(0));
    }

    private static Map<String, Object> upsert(String id, String title) {
        return Map.of("type", "todo", "id", id, "entity", Map.of("title", title));
    }

    private static String delta(long from, long to, long lastClientSeq, String todoPatches) {
        return "{\"type\":\"state_changed\",\"stateVersion\":" + to + ",\"prevStateVersion\":" + from
                + ",\"patches\":{\"todo\":" + todoPatches + "},\"lastClientSeq\":" + lastClientSeq
                + ",\"serverTimestamp\":2}";
    }
}
