package dev.entangle.hub;

import dev.entangle.hub.feature.sync.SyncHub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operation-based sync over plain HTTP and server-sent events, against a real hub. */
class SyncHttpTest {
    private EntangleHub hub;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            HubConfig todos = SyncHubTest.todoConfig();
            config.mutator("addTodo", todos.mutators.get("addTodo"));
            config.entityRules.putAll(todos.entityRules);
        }).start();
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String push(long id, String title) {
        return "{\"room\":\"todos\",\"operations\":[{\"name\":\"addTodo\",\"args\":{\"id\":\"t" + id + "\",\"title\":\""
                + title + "\"},\"id\":" + id + ",\"clientId\":\"replica-http-1\",\"timestamp\":1}]}";
    }

    @Test
    void operationsArePushedAndTheStateIsPulledOverPlainHttp() throws Exception {
        HttpResponse<String> pushed = post("/sync/operations", push(1, "milk"));
        assertEquals(200, pushed.statusCode(), pushed.body());
        JsonObject result = JsonObject.from(Json.parseObject(pushed.body()).array("results").get(0));
        assertTrue((Boolean) result.asMap().get("success"));
        assertEquals(1, result.longValue("stateVersion"));
        assertTrue(result.has("serverTimestamp"));

        HttpResponse<String> refused = post("/sync/operations", push(2, ""));
        JsonObject verdict = JsonObject.from(Json.parseObject(refused.body()).array("results").get(0));
        assertEquals(false, verdict.asMap().get("success"));
        assertEquals("mutation_refused", verdict.string("code"));

        JsonObject state = Json.parseObject(post("/sync/state",
                "{\"room\":\"todos\",\"clientId\":\"replica-http-1\",\"stateVersion\":0}").body());
        assertEquals("state_changed", state.string("type"));
        assertEquals(1, state.longValue("stateVersion"));
        assertEquals(2, state.longValue("lastClientSeq"), "both operations were handled");
        JsonObject none = Json.parseObject(post("/sync/state",
                "{\"room\":\"todos\",\"clientId\":\"replica-http-1\",\"stateVersion\":1,\"types\":[\"todo\"]}").body());
        assertEquals(Map.of(), none.object("patches").asMap());
    }

    @Test
    void badRequestsGetAStatusAndAStableCode() throws Exception {
        Map<String, List<Object>> cases = Map.of(
                "{not json", List.of(400L, "malformed_json"),
                "{\"operations\":[]}", List.of(400L, "missing_field"),
                "{\"room\":\"bad room!\",\"operations\":[]}", List.of(400L, "invalid_field"),
                "{\"room\":\"todos\",\"operations\":[]}", List.of(413L, "operation_too_large"),
                "{\"room\":\"todos\",\"operations\":[{\"name\":\"addTodo\"}]}", List.of(400L, "missing_field"));
        for (Map.Entry<String, List<Object>> c : cases.entrySet()) {
            HttpResponse<String> response = post("/sync/operations", c.getKey());
            assertEquals(c.getValue().get(0), (long) response.statusCode(), c.getKey() + " -> " + response.body());
            assertEquals(c.getValue().get(1), Json.parseObject(response.body()).string("code"), c.getKey());
        }
        HttpResponse<String> big = post("/sync/operations", "{\"room\":\"todos\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(413, big.statusCode());
        assertEquals("frame_too_large", Json.parseObject(big.body()).string("code"));
    }

    @Test
    void serverSentEventsBringTheCatchUpThenEveryChange() throws Exception {
        post("/sync/operations", push(1, "milk"));
        HttpResponse<Stream<String>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + hub.port() + "/sync/events?room=todos&clientId=replica-http-1&stateVersion=0"))
                .header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(5, TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        Iterator<String> lines = stream.body().iterator();
        JsonObject catchUp = nextEvent(lines, "state_changed");
        assertEquals(1, catchUp.longValue("stateVersion"));
        assertTrue(Boolean.TRUE.equals(catchUp.asMap().get("full")) || catchUp.longValue("prevStateVersion") == 0);

        post("/sync/operations", push(2, "eggs"));
        JsonObject live = nextEvent(lines, "state_changed");
        assertEquals(2, live.longValue("stateVersion"));
        assertEquals(1, live.longValue("prevStateVersion"));
        assertFalse(live.object("patches").asMap().isEmpty());
        JsonObject verdict = nextEvent(lines, "operation_confirmed");
        assertEquals(2, verdict.longValue("id"), "the pushing replica's stream hears its verdict too");
        assertEquals(true, verdict.asMap().get("success"));
        stream.body().close();
    }

    private static JsonObject nextEvent(Iterator<String> lines, String name) throws Exception {
        String event = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && name.equals(event)) {
                return Json.parseObject(line.substring(5).trim());
            }
        }
        throw new AssertionError("the stream ended before a " + name + " event");
    }
}
