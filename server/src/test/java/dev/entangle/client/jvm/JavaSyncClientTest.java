package dev.entangle.client.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.entangle.core.sync.MutationRefused;
import dev.entangle.core.sync.Mutators;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.EntangleHub;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Java programs as replicas: the same mutators on the client, the hub's rules, over a real socket. */
class JavaSyncClientTest {
    private EntangleHub hub;

    @BeforeEach
    void start() {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.register(new TodoMutators());
        }).start();
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    /** The demo's addTodo, as a Java client would run it locally. */
    private static Mutators mutators() {
        return Mutators.withEntityOperations().register("addTodo", (tx, args) -> {
            Map<?, ?> a = (Map<?, ?>) args;
            tx.put("todo", (String) a.get("id"), Map.of("title", a.get("title"), "done", false, "order", 1L));
        });
    }

    @Test
    void aConfirmedOperationReachesTheOtherReplicaAndARefusedOneFailsWithTheHubsReason() throws Exception {
        String url = "ws://127.0.0.1:" + hub.port() + "/entangle";
        try (JavaSyncClient alice = JavaSyncClient.connect(url, "alice", "todos", null, mutators());
                JavaSyncClient bob = JavaSyncClient.connect(url, "bob", "todos", null, mutators())) {
            alice.mutate("addTodo", Map.of("id", "t1", "title", "milk")).get(5, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 5_000;
            while (bob.read(state -> state.get("todo", "t1")) == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("milk", bob.read(state -> ((Map<?, ?>) state.get("todo", "t1")).get("title")));

            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> alice.mutate("addTodo", Map.of("id", "t2", "title", " ")).get(5, TimeUnit.SECONDS));
            MutationRefused reason = assertInstanceOf(MutationRefused.class, refused.getCause());
            assertEquals("mutation_refused", reason.code());
            assertEquals("todo t2: a todo needs a title", reason.getMessage());
            Object gone = alice.read(state -> state.get("todo", "t2"));
            assertEquals(null, gone, "rolled back");
        }
    }
}
