package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.auth.AccessToken;
import dev.entangle.hub.auth.AccessToken.Access;
import dev.entangle.hub.auth.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operation-sync contract's HTTP shapes, field for field, against a real hub with the demo's
 * todo mutators: what a {@code ModernSyncEngine} sends and reads, beside the hub's own shapes.
 */
class ContractSyncHttpTest {
    private static final byte[] SECRET = "a-test-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
    private EntangleHub hub;
    private ContractHttp http;

    private void start(boolean tokens) {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.register(new TodoMutators());
            if (tokens) {
                config.tokenSecret = SECRET;
            }
        }).start();
        http = new ContractHttp(hub);
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    @Test
    void theSeedsProbeGetsAConfirmationWithTheHubsReason() throws Exception {
        start(false);
        JsonObject confirmation = http.confirm(
                "{\"operations\":[{\"name\":\"noSuchOperation\",\"args\":[],\"id\":1,\"clientId\":\"probe\",\"timestamp\":1}]}");
        assertEquals(1, confirmation.longValue("operationId"));
        assertEquals("probe", confirmation.string("clientId"));
        assertEquals(false, confirmation.asMap().get("success"));
        assertTrue(confirmation.string("error").contains("noSuchOperation"), confirmation.toString());
        assertEquals("unknown_mutator", confirmation.string("code"), "the stable code travels beside the seed's fields");
        assertTrue(Math.abs(System.currentTimeMillis() - confirmation.longValue("serverTimestamp")) < 60_000);
    }

    @Test
    void positionalArgumentsReachTheTodoMutatorsByName() throws Exception {
        start(false);
        JsonObject added = http.confirm(ContractHttp.push("seed-1", 1, "addTodo", "[\"Buy groceries\"]"));
        assertEquals(true, added.asMap().get("success"), added.toString());
        assertFalse(added.has("error"));
        Map<String, Map<String, Object>> todos = ContractHttp.todos(http.state(""));
        assertEquals(1, todos.size());
        String id = todos.keySet().iterator().next();
        assertEquals("Buy groceries", todos.get(id).get("title"), "the hub named the todo it added without an id");

        assertEquals(true, http.confirm(ContractHttp.push("seed-1", 2, "completeTodo", "[\"" + id + "\"]")).asMap().get("success"));
        assertEquals(true, http.confirm(ContractHttp.push("seed-1", 3, "renameTodo", "[\"" + id + "\",\"oat milk\"]"))
                .asMap().get("success"));
        assertEquals(true, http.confirm(ContractHttp.push("seed-1", 4, "addTodo", "[\"eggs\",\"t-eggs\"]")).asMap().get("success"));
        todos = ContractHttp.todos(http.state("{}"));
        assertEquals(Map.of("title", "oat milk", "done", true, "order", 1L), todos.get(id));
        assertEquals(Map.of("title", "eggs", "done", false, "order", 2L), todos.get("t-eggs"));

        JsonObject refused = http.confirm(ContractHttp.push("seed-1", 5, "addTodo", "[\"  \"]"));
        assertEquals(false, refused.asMap().get("success"));
        assertEquals("mutation_refused", refused.string("code"));
        assertTrue(refused.string("error").contains("a todo needs a title"), refused.toString());
        JsonObject wrongKind = http.confirm(ContractHttp.push("seed-1", 6, "toggleTodo", "[\"t-eggs\",\"yes\"]"));
        assertEquals("invalid_field", wrongKind.string("code"), "a mutator refuses an argument of the wrong kind");
    }

    @Test
    void stateSyncStartsWholeThenGivesDeltasWithTypedDeletions() throws Exception {
        start(false);
        http.confirm(ContractHttp.push("seed-1", 1, "addTodo", "[\"milk\",\"t1\"]"));
        http.confirm(ContractHttp.push("seed-1", 2, "addTodo", "[\"bread\",\"t2\"]"));
        JsonObject first = http.state("");
        String version = first.string("stateVersion");
        assertTrue(version.startsWith("2:"), version);
        assertEquals(true, first.asMap().get("full"), "a first sync is the whole state");
        assertEquals(List.of(), first.array("deletedEntityIds"));
        JsonObject entity = JsonObject.from(first.array("entities").get(0));
        assertEquals(Map.of("id", "t1", "type", "todo", "data", Map.of("title", "milk", "done", false, "order", 1L),
                "isValid", true), entity.asMap(), "a ValidatedEntity: id, type, data");
        assertTrue(first.longValue("syncTimestamp") > 0);

        http.confirm(ContractHttp.push("seed-1", 3, "deleteTodo", "[\"t1\"]"));
        http.confirm(ContractHttp.push("seed-1", 4, "completeTodo", "[\"t2\"]"));
        JsonObject delta = http.state("{\"stateVersion\":\"" + version + "\",\"lastSyncTimestamp\":"
                + first.longValue("syncTimestamp") + "}");
        assertFalse(delta.has("full"), "a client holding a version gets what changed since");
        assertTrue(delta.string("stateVersion").startsWith("4:"));
        assertEquals(List.of("t1"), delta.array("deletedEntityIds"));
        assertEquals(List.of(Map.of("type", "todo", "id", "t1")), delta.array("deletedEntities"),
                "deleted ids carry their type");
        assertEquals(List.of("t2"), delta.array("entities").stream().map(e -> ((Map<?, ?>) e).get("id")).toList());

        JsonObject nothing = http.state("{\"stateVersion\":\"" + delta.string("stateVersion") + "\"}");
        assertEquals(List.of(), nothing.array("entities"));
        assertEquals(delta.string("stateVersion"), nothing.string("stateVersion"));
        JsonObject otherTypes = http.state("{\"stateVersion\":\"\",\"entityTypes\":[\"card\"]}");
        assertEquals(List.of(), otherTypes.array("entities"), "entityTypes limits the scope");
        JsonObject otherHistory = http.state("{\"stateVersion\":\"2:another-hubs-history\"}");
        assertEquals(true, otherHistory.asMap().get("full"), "a version of another history gets the whole state");
        assertEquals(List.of("t2"), otherHistory.array("entities").stream().map(e -> ((Map<?, ?>) e).get("id")).toList());
    }

    @Test
    void bothShapesServeTheSameStateAndTheRoomComesFromQueryHeaderOrDefault() throws Exception {
        start(false);
        http.confirm(ContractHttp.push("seed-1", 1, "addTodo", "[\"in default\",\"t1\"]"));
        http.confirm(ContractHttp.push("seed-1", 1, "addTodo", "[\"in todos\",\"t2\"]"), "X-Entangle-Room", "todos");
        http.post("/sync/operations?room=todos", ContractHttp.push("seed-1", 2, "addTodo", "[\"by query\",\"t3\"]"));

        assertEquals(List.of("t1"), List.copyOf(ContractHttp.todos(http.state("")).keySet()));
        assertEquals(List.of("t2", "t3"), List.copyOf(ContractHttp.todos(http.state("", "X-Entangle-Room", "todos")).keySet()));
        assertEquals(List.of("t2", "t3"), List.copyOf(ContractHttp.todos(
                Json.parseObject(http.post("/sync/state?room=todos", "{}").body())).keySet()));

        HttpResponse<String> own = http.post("/sync/state", "{\"room\":\"default\",\"clientId\":\"r-own\",\"stateVersion\":0}");
        JsonObject delta = Json.parseObject(own.body());
        assertEquals("state_changed", delta.string("type"), "a body naming a room is in the hub's own shape");
        assertTrue(delta.object("patches").toString().contains("in default"));
        HttpResponse<String> ownPush = http.post("/sync/operations", "{\"room\":\"default\",\"operations\":[{\"name\":"
                + "\"addTodo\",\"args\":{\"id\":\"t9\",\"title\":\"own shape\"},\"id\":1,\"clientId\":\"r-own\",\"timestamp\":1}]}");
        assertTrue(Json.parseObject(ownPush.body()).has("results"), ownPush.body());
        assertTrue(ContractHttp.todos(http.state("")).containsKey("t9"), "the contract sees what the own shape pushed");
    }

    @Test
    void aResendIsAnsweredWithItsVerdictAndRunsOnce() throws Exception {
        start(false);
        String add = ContractHttp.push("seed-1", 1, "addTodo", "[\"milk\"]");
        assertEquals(true, http.confirm(add).asMap().get("success"));
        assertEquals(true, http.confirm(add).asMap().get("success"), "a lost answer's resend is confirmed again");
        assertEquals(1, ContractHttp.todos(http.state("")).size(), "and does not run twice");
        String refused = ContractHttp.push("seed-1", 2, "addTodo", "[\"\"]");
        assertEquals("mutation_refused", http.confirm(refused).string("code"));
        assertEquals("mutation_refused", http.confirm(refused).string("code"));
        assertEquals(true, http.confirm(ContractHttp.push("seed-2", 1, "addTodo", "[\"eggs\"]")).asMap().get("success"),
                "operation ids count per client");
    }

    @Test
    void withTokensTheBearerHeaderSaysWhoAndWhatAndClientsAreSeparatePerUser() throws Exception {
        start(true);
        Tokens tokens = new Tokens(SECRET);
        Instant soon = Instant.now().plusSeconds(600);
        String alice = tokens.issue(new AccessToken("alice", Map.of("default", Access.WRITE), List.of(), soon));
        String bob = tokens.issue(new AccessToken("bob", Map.of("default", Access.WRITE), List.of(), soon));
        String reader = tokens.issue(new AccessToken("carol", Map.of("default", Access.READ), List.of(), soon));
        String push = ContractHttp.push("laptop", 5, "addTodo", "[\"milk\"]");

        HttpResponse<String> anonymous = http.post("/sync/operations", push);
        assertEquals(401, anonymous.statusCode());
        assertEquals("token_required", Json.parseObject(anonymous.body()).string("code"));
        assertEquals(401, http.post("/sync/state", "", "Authorization", "Bearer not-a-token").statusCode());
        HttpResponse<String> readOnly = http.post("/sync/operations", push, "Authorization", "Bearer " + reader);
        assertEquals(403, readOnly.statusCode());
        assertEquals("read_only", Json.parseObject(readOnly.body()).string("code"));
        assertEquals(0, ContractHttp.todos(http.state("", "Authorization", "Bearer " + reader)).size(), "a reader may pull");

        assertEquals(true, http.confirm(push, "Authorization", "Bearer " + alice).asMap().get("success"));
        assertEquals(true, http.confirm(ContractHttp.push("laptop", 1, "addTodo", "[\"eggs\"]"), "Authorization",
                "Bearer " + bob).asMap().get("success"));
        assertEquals(2, ContractHttp.todos(http.state("", "Authorization", "Bearer " + bob)).size(),
                "bob's laptop numbers its operations apart from alice's: its operation 1 is no resend");

        String notify = "ws://127.0.0.1:" + hub.port() + "/sync/notify?clientId=laptop";
        CompletableFuture<WebSocket> anonymousSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(notify), new WebSocket.Listener() { });
        ExecutionException refused = assertThrows(ExecutionException.class, () -> anonymousSocket.get(5, TimeUnit.SECONDS));
        assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode(),
                "the notification socket is refused before the upgrade without a token");
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(notify + "&token=" + alice), new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS);
        socket.abort();
    }
}
