package dev.entangle.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.RawSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EntangleTestHub} used the way an application's tests use it: registered, then raw sockets and awaits. */
class EntangleTestHubTest {

    @RegisterExtension
    final EntangleTestHub hub = new EntangleTestHub()
            .configure(config -> config.mutator("addTodo", (tx, args) -> {
                Map<?, ?> a = (Map<?, ?>) args;
                Map<String, Object> todo = new LinkedHashMap<>();
                todo.put("title", a.get("title"));
                todo.put("done", false);
                tx.put("todo", (String) a.get("id"), todo);
            }))
            .configure(config -> config.entityRule("todo", (id, entity) ->
                    ((Map<?, ?>) entity).get("title") instanceof String s && !s.isBlank() ? null : "a todo needs a title"))
            .timeout(Duration.ofSeconds(3));

    private RawSocketClient join(String clientId) throws Exception {
        RawSocketClient client = new RawSocketClient(hub.url());
        client.send("{\"type\":\"hello\",\"clientId\":\"" + clientId + "\",\"room\":\"demo\"}");
        client.next("welcome");
        return client;
    }

    @Test
    void startsOnAFreeLoopbackPortInMemory() throws Exception {
        System.out.println("EntangleTestHub started in " + hub.startMillis() + " ms on port " + hub.port());
        assertTrue(hub.port() > 0);
        assertEquals("ws://127.0.0.1:" + hub.port() + "/entangle", hub.url());
        HttpResponse<String> stats = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(hub.httpUrl() + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stats.statusCode());
        assertTrue(stats.body().contains("\"events\":0"), stats.body());
    }

    @Test
    void awaitsABoundValueTwoClientsShare() throws Exception {
        try (RawSocketClient alice = join("alice"); RawSocketClient bob = join("bob")) {
            for (RawSocketClient client : new RawSocketClient[] {alice, bob}) {
                client.send("{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#volume\",\"to\":\"*\",\"mode\":\"bidirectional\"}");
                client.next("ack");
            }
            alice.send("{\"type\":\"mutation\",\"vector\":{\"selector\":\"#volume\",\"kind\":\"property\",\"name\":\"value\","
                    + "\"newValue\":\"42\",\"source\":\"alice\",\"seq\":2,\"timestamp\":1}}");
            hub.awaitValue("demo", "#volume", "42");
            assertTrue(bob.next("mutation").contains("\"42\""), "bob hears it too");
        }
    }

    @Test
    void awaitsATextDocument() throws Exception {
        try (RawSocketClient alice = join("alice")) {
            alice.send(MessageCodec.encode(new Message.TextOpen(1, "notes", null, null)));
            alice.next("text");
            alice.send(MessageCodec.encode(new Message.TextOp(2L, "notes", 0,
                    TextOperation.splice(0, 0, 0, "hello"), "alice")));
            hub.awaitText("demo", "notes", "hello");
        }
    }

    @Test
    void awaitsTheStateOfNamedOperations() throws Exception {
        try (RawSocketClient alice = join("alice")) {
            alice.send("{\"type\":\"sync_push\",\"operations\":[{\"name\":\"addTodo\",\"args\":{\"id\":\"t1\","
                    + "\"title\":\"milk\"},\"id\":1,\"clientId\":\"r-alice\",\"timestamp\":1}]}");
            Map<String, Object> todos = hub.awaitEntities("demo", "todo", t -> t.containsKey("t1"));
            assertEquals(Map.of("title", "milk", "done", false), todos.get("t1"));
        }
    }

    @Test
    void aStateThatNeverComesFailsSayingWhatWasSeen() {
        EntangleTestHub impatient = new EntangleTestHub().timeout(Duration.ofMillis(50)).start();
        try {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> impatient.awaitValue("demo", "#volume", "42"));
            assertEquals("room 'demo': value of #volume was null after 50 ms; expected '42'", failure.getMessage());
            AssertionError noTodos = assertThrows(AssertionError.class,
                    () -> impatient.awaitEntities("demo", "todo", t -> !t.isEmpty()));
            assertTrue(noTodos.getMessage().startsWith("room 'demo': entities of type 'todo' was {} after 50 ms"),
                    noTodos.getMessage());
        } finally {
            impatient.stop();
        }
        assertThrows(IllegalStateException.class, impatient::url, "a stopped hub has no URL");
    }
}
