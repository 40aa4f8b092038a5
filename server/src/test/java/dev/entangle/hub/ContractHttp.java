package dev.entangle.hub;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** A test's HTTP client for the operation-sync contract's endpoints of one hub. */
final class ContractHttp {
    private final HttpClient http = HttpClient.newHttpClient();
    private final EntangleHub hub;

    ContractHttp(EntangleHub hub) {
        this.hub = hub;
    }

    /** A body holding one {@code PendingOperation}. */
    static String push(String clientId, long id, String name, String args) {
        return "{\"operations\":[" + operation(clientId, id, name, args) + "]}";
    }

    static String operation(String clientId, long id, String name, String args) {
        return "{\"name\":\"" + name + "\",\"args\":" + args + ",\"id\":" + id + ",\"clientId\":\"" + clientId
                + "\",\"timestamp\":1795436876879}";
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The one confirmation of a push that must answer 200. */
    JsonObject confirm(String body, String... headers) throws Exception {
        HttpResponse<String> response = post("/sync/operations", body, headers);
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + response.statusCode() + " " + response.body());
        }
        List<?> confirmations = Json.parseObject(response.body()).array("confirmations");
        if (confirmations.size() != 1) {
            throw new AssertionError("expected one confirmation: " + response.body());
        }
        return JsonObject.from(confirmations.get(0));
    }

    /** A {@code StateSyncResponse} that must answer 200. */
    JsonObject state(String body, String... headers) throws Exception {
        HttpResponse<String> response = post("/sync/state", body, headers);
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + response.statusCode() + " " + response.body());
        }
        return Json.parseObject(response.body());
    }

    /** The entities of a state answer by id: each entity's {@code data}. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> todos(JsonObject state) throws Exception {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        for (Object raw : state.array("entities")) {
            JsonObject entity = JsonObject.from(raw);
            if (entity.string("type").equals("todo")) {
                out.put(entity.string("id"), (Map<String, Object>) entity.object("data").asMap());
            }
        }
        return out;
    }
}
