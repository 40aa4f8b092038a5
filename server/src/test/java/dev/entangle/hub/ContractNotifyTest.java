package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.testing.EntangleTestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract's notification socket, {@code /sync/notify}: NotificationMessages about the room, as they happen. */
class ContractNotifyTest {
    @RegisterExtension
    final EntangleTestHub hub = new EntangleTestHub().configure(config -> config.register(new TodoMutators()));
    private ContractHttp http;

    @BeforeEach
    void connect() {
        http = new ContractHttp(hub.hub());
    }

    /** A notification socket and what it received, one NotificationMessage at a time. */
    private final class Listener implements WebSocket.Listener {
        final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        Listener(String query) throws Exception {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + hub.port() + "/sync/notify" + query), this)
                    .get(5, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(Json.parseObject(partial.toString()));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        /** The next notification of {@code type}; others before it are passed over. */
        JsonObject next(String type) throws Exception {
            while (true) {
                JsonObject message = received.poll(5, TimeUnit.SECONDS);
                if (message == null) {
                    throw new AssertionError("no " + type + " notification within 5 s");
                }
                assertTrue(message.longValue("timestamp") > 0, "every NotificationMessage has a timestamp");
                if (message.string("type").equals(type)) {
                    return message.object("payload");
                }
            }
        }

        /** Nothing more arrives of {@code type} within a short wait. */
        void hearsNoMore(String type) throws Exception {
            JsonObject message;
            while ((message = received.poll(300, TimeUnit.MILLISECONDS)) != null) {
                assertFalse(message.string("type").equals(type), "unexpected " + message);
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Test
    void stateChangesVerdictsAndPresenceArriveAsNotificationMessages() throws Exception {
        Listener alice = new Listener("?clientId=seed-alice");
        JsonObject hello = alice.next("state_changed");
        assertTrue(hello.string("stateVersion").startsWith("0:"), "a new socket hears where the state stands");
        assertEquals(List.of(), hello.array("affectedEntityTypes"));
        Listener bob = new Listener("?clientId=seed-bob");
        assertEquals("seed-bob", alice.next("client_connected").string("clientId"));
        assertEquals("seed-alice", bob.next("client_connected").string("clientId"), "a newcomer hears who is here");

        http.confirm(ContractHttp.push("seed-alice", 1, "addTodo", "[\"milk\",\"t1\"]"));
        for (Listener listener : List.of(alice, bob)) {
            JsonObject changed = listener.next("state_changed");
            assertTrue(changed.string("stateVersion").startsWith("1:"), changed.toString());
            assertEquals(List.of("todo"), changed.array("affectedEntityTypes"));
            assertEquals("seed-alice", changed.string("triggerClientId"));
        }
        JsonObject confirmed = alice.next("operation_confirmed");
        assertEquals(1, confirmed.longValue("operationId"));
        assertEquals("seed-alice", confirmed.string("clientId"));
        assertEquals(true, confirmed.asMap().get("success"));
        assertTrue(confirmed.longValue("serverTimestamp") > 0);
        bob.hearsNoMore("operation_confirmed"); // a verdict goes to its own client only: ids count per client

        http.confirm(ContractHttp.push("seed-alice", 2, "addTodo", "[\"\"]"));
        JsonObject refused = alice.next("operation_confirmed");
        assertEquals(2, refused.longValue("operationId"));
        assertEquals(false, refused.asMap().get("success"));
        assertTrue(refused.string("error").contains("a todo needs a title"));
        assertEquals("mutation_refused", refused.string("code"));

        alice.close();
        assertEquals("seed-alice", bob.next("client_disconnected").string("clientId"));
        bob.close();
    }

    @Test
    void theHubsOwnClientsChangesAndMembersReachTheSocketToo() throws Exception {
        Listener seed = new Listener("?room=todos");
        seed.next("state_changed");
        RawSocketClient peer = new RawSocketClient("ws://127.0.0.1:" + hub.port() + "/entangle")
                .send("{\"type\":\"hello\",\"clientId\":\"alice\",\"room\":\"todos\"}");
        peer.next("welcome");
        assertEquals("alice", seed.next("client_connected").string("clientId"));
        http.post("/sync/operations", "{\"room\":\"todos\",\"operations\":[{\"name\":\"addTodo\",\"args\":{\"id\":\"t1\","
                + "\"title\":\"milk\"},\"id\":1,\"clientId\":\"r-own\",\"timestamp\":1}]}");
        JsonObject changed = seed.next("state_changed");
        assertEquals(List.of("todo"), changed.array("affectedEntityTypes"));
        assertEquals("http", changed.string("triggerClientId"), "the hub's own HTTP clients are named by who they are");
        peer.close();
        assertEquals("alice", seed.next("client_disconnected").string("clientId"));
        seed.hearsNoMore("operation_confirmed");
        seed.close();
    }

    @Test
    void aSocketFollowingSomeTypesHearsOnlyOfThem() throws Exception {
        Listener cards = new Listener("?entityTypes=card");
        Listener todos = new Listener("?entityTypes=todo");
        cards.next("state_changed");
        todos.next("state_changed");
        http.confirm(ContractHttp.push("seed-1", 1, "addTodo", "[\"milk\"]"));
        assertEquals("seed-1", todos.next("state_changed").string("triggerClientId"));
        cards.hearsNoMore("state_changed");
        cards.close();
        todos.close();
    }
}
