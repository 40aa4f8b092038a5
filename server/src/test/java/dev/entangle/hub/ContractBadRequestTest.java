package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.testing.EntangleTestHub;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every bad request in the operation-sync contract's shapes gets a 4xx with a stable code and a
 * sentence, never a 500, and changes nothing: afterwards the room is as empty as before.
 */
class ContractBadRequestTest {
    private static final String GOOD = ContractHttp.operation("seed-1", 1, "addTodo", "[\"milk\"]");
    @RegisterExtension
    final EntangleTestHub hub = new EntangleTestHub().configure(config -> config.register(new TodoMutators()));
    private ContractHttp http;

    @BeforeEach
    void connect() {
        http = new ContractHttp(hub.hub());
    }

    private static String ops(String... operations) {
        return "{\"operations\":[" + String.join(",", operations) + "]}";
    }

    private static String op(String fields) {
        return "{" + fields + "}";
    }

    @Test
    void badPushesAreRefusedWithAStableCodeAndRunNothing() throws Exception {
        Map<String, List<Object>> cases = new LinkedHashMap<>();
        cases.put("{not json", List.of(400, "malformed_json"));
        cases.put("", List.of(400, "malformed_json"));
        cases.put("[" + GOOD + "]", List.of(400, "invalid_field"));
        cases.put("{}", List.of(400, "missing_field"));
        cases.put("{\"operations\":{}}", List.of(400, "invalid_field"));
        cases.put("{\"operations\":[]}", List.of(400, "missing_field"));
        cases.put("{\"operations\":[" + GOOD + "],\"roomId\":\"other\"}", List.of(400, "invalid_field"));
        cases.put(ops("7"), List.of(400, "invalid_field"));
        cases.put(ops(op("\"args\":[],\"id\":1,\"clientId\":\"seed-1\",\"timestamp\":1")), List.of(400, "missing_field"));
        cases.put(ops(op("\"name\":7,\"args\":[],\"id\":1,\"clientId\":\"seed-1\",\"timestamp\":1")), List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"\",\"args\":[],\"id\":1,\"clientId\":\"seed-1\",\"timestamp\":1")), List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"id\":1,\"clientId\":\"seed-1\",\"timestamp\":1")), List.of(400, "missing_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":{\"title\":\"milk\"},\"id\":1,\"clientId\":\"seed-1\",\"timestamp\":1")),
                List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":\"milk\",\"id\":1,\"clientId\":\"seed-1\",\"timestamp\":1")),
                List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":\"1\",\"clientId\":\"seed-1\",\"timestamp\":1")),
                List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":1.5,\"clientId\":\"seed-1\",\"timestamp\":1")),
                List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":0,\"clientId\":\"seed-1\",\"timestamp\":1")),
                List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":-3,\"clientId\":\"seed-1\",\"timestamp\":1")),
                List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":123456789012345678901234,\"clientId\":\"seed-1\","
                + "\"timestamp\":1")), List.of(400, "malformed_json"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":1,\"timestamp\":1")), List.of(400, "missing_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":1,\"clientId\":7,\"timestamp\":1")),
                List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":1,\"clientId\":\"no spaces!\",\"timestamp\":1")),
                List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":1,\"clientId\":\"" + "x".repeat(65)
                + "\",\"timestamp\":1")), List.of(400, "invalid_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":1,\"clientId\":\"seed-1\"")), List.of(400, "missing_field"));
        cases.put(ops(op("\"name\":\"addTodo\",\"args\":[\"milk\"],\"id\":1,\"clientId\":\"seed-1\",\"timestamp\":\"now\"")),
                List.of(400, "invalid_field"));
        cases.put(ops(ContractHttp.operation("seed-1", 1, "addTodo", "[\"milk\",\"t1\",\"extra\"]")), List.of(400, "invalid_field"));
        // A good operation before a bad one: the whole push is refused, the good one does not run either.
        cases.put(ops(GOOD, ContractHttp.operation("seed-1", 2, "addTodo", "{}")), List.of(400, "invalid_field"));
        cases.put(ops(java.util.Collections.nCopies(101, GOOD).toArray(String[]::new)), List.of(413, "operation_too_large"));
        cases.put("{\"operations\":[" + GOOD + "],\"pad\":\"" + "x".repeat(70_000) + "\"}", List.of(413, "frame_too_large"));
        cases.put("{\"pad\":\"" + "x".repeat(3_000_000) + "\"}", List.of(413, "frame_too_large"));
        for (Map.Entry<String, List<Object>> c : cases.entrySet()) {
            expectRefusal("/sync/operations", c.getKey(), c.getValue());
        }
        expectRefusal("/sync/operations?room=no%20spaces", ops(GOOD), List.of(400, "invalid_field"));
        expectRefusal("/sync/operations?room=" + "r".repeat(65), ops(GOOD), List.of(400, "invalid_field"));
        assertNothingChanged();
    }

    @Test
    void badStateRequestsAreRefusedWithAStableCode() throws Exception {
        Map<String, List<Object>> cases = new LinkedHashMap<>();
        cases.put("{not json", List.of(400, "malformed_json"));
        cases.put("\"stateVersion\"", List.of(400, "invalid_field"));
        cases.put("{\"stateVersion\":12}", List.of(400, "invalid_field"));
        cases.put("{\"stateVersion\":\"12\"}", List.of(400, "invalid_field"));
        cases.put("{\"stateVersion\":\"twelve:abc\"}", List.of(400, "invalid_field"));
        cases.put("{\"stateVersion\":\"-1:abc\"}", List.of(400, "invalid_field"));
        cases.put("{\"stateVersion\":\"12:\"}", List.of(400, "invalid_field"));
        cases.put("{\"stateVersion\":\"99999999999999999999:abc\"}", List.of(400, "invalid_field"));
        cases.put("{\"entityTypes\":\"todo\"}", List.of(400, "invalid_field"));
        cases.put("{\"entityTypes\":[7]}", List.of(400, "invalid_field"));
        cases.put("{\"entityTypes\":[\"no spaces\"]}", List.of(400, "invalid_field"));
        cases.put("{\"lastSyncTimestamp\":\"yesterday\"}", List.of(400, "invalid_field"));
        cases.put("{\"stateVerison\":\"\"}", List.of(400, "invalid_field"));
        cases.put("{\"pad\":\"" + "x".repeat(70_000) + "\"}", List.of(413, "frame_too_large"));
        for (Map.Entry<String, List<Object>> c : cases.entrySet()) {
            expectRefusal("/sync/state", c.getKey(), c.getValue());
        }
        expectRefusal("/sync/state?room=no%20spaces", "", List.of(400, "invalid_field"));
        assertNothingChanged();
    }

    @Test
    void aBadNotificationSocketIsRefusedBeforeTheUpgrade() throws Exception {
        Map<String, List<Object>> cases = new LinkedHashMap<>();
        cases.put("?room=no%20spaces", List.of(400, "invalid_field"));
        cases.put("?clientId=no%20spaces", List.of(400, "invalid_field"));
        cases.put("?entityTypes=todo,,card", List.of(400, "invalid_field"));
        for (Map.Entry<String, List<Object>> c : cases.entrySet()) {
            String response = handshake("/sync/notify" + c.getKey());
            assertTrue(response.startsWith("HTTP/1.1 " + c.getValue().get(0)), c.getKey() + " -> " + response);
            assertTrue(response.contains("\"code\":\"" + c.getValue().get(1) + "\""), c.getKey() + " -> " + response);
        }
        assertTrue(handshake("/sync/notify?clientId=seed-1").startsWith("HTTP/1.1 101"), "a good one is upgraded");
    }

    /** A WebSocket handshake by hand, to read the whole answer (the JDK's client hides a refusal's body). */
    private String handshake(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", hub.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder response = new StringBuilder();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    response.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (response.toString().startsWith("HTTP/1.1 101") || response.toString().contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // what arrived is the answer
            }
            return response.toString();
        }
    }

    private void expectRefusal(String path, String body, List<Object> expected) throws Exception {
        HttpResponse<String> response = http.post(path, body);
        String shown = body.length() > 120 ? body.substring(0, 120) + "…" : body;
        assertEquals(expected.get(0), response.statusCode(), shown + " -> " + response.body());
        JsonObject refusal = Json.parseObject(response.body());
        assertEquals(expected.get(1), refusal.string("code"), shown + " -> " + response.body());
        assertTrue(!refusal.string("message").isBlank(), "every refusal says what was wrong");
    }

    private void assertNothingChanged() throws Exception {
        JsonObject state = http.state("");
        assertTrue(state.string("stateVersion").startsWith("0:"), state.toString());
        assertEquals(List.of(), state.array("entities"));
        assertEquals(true, http.confirm(ContractHttp.push("seed-1", 1, "addTodo", "[\"milk\"]")).asMap().get("success"));
        assertEquals(1, ContractHttp.todos(http.state("")).size(),
                "operation 1 of seed-1 runs now: no refused push had it handled");
    }
}
