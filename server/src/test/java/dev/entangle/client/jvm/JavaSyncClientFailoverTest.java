package dev.entangle.client.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.sync.Mutators;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.EntangleHub;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.MemoryEventLog;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JVM replica given several hub URLs: past a node that is down at the start, and on to the next
 * node when the one it is on stops, carrying on with the state it had.
 */
class JavaSyncClientFailoverTest {
    private final List<EntangleHub> running = new ArrayList<>();

    /** A hub with the demo's todo rules, on {@code log} (null: one of its own). */
    private EntangleHub hub(EventLog log) {
        EntangleHub hub = EntangleHub.create(config -> {
            config.port = 0;
            config.eventLog = log;
            config.register(new TodoMutators());
        }).start();
        running.add(hub);
        return hub;
    }

    private void stop(EntangleHub hub) {
        running.remove(hub);
        hub.stop();
    }

    @AfterEach
    void stopHubs() {
        new ArrayList<>(running).forEach(this::stop);
    }

    private static String url(EntangleHub hub) {
        return "ws://127.0.0.1:" + hub.port() + "/entangle";
    }

    /** The demo's addTodo, as a Java client would run it locally. */
    private static Mutators mutators() {
        return Mutators.withEntityOperations().register("addTodo", (tx, args) -> {
            Map<?, ?> a = (Map<?, ?>) args;
            tx.put("todo", (String) a.get("id"), Map.of("title", a.get("title"), "done", false, "order", 1L));
        });
    }

    /** Starts at the first URL (the rotation otherwise draws one), with the shortest jitter. */
    private static JavaSyncClient fromTheFirst(List<String> urls, String clientId) {
        return JavaSyncClient.connect(urls, clientId, "todos", null, mutators(), FlushEngine.Settings.DEFAULTS, () -> 0);
    }

    private static Object titleOf(JavaSyncClient client, String id) {
        return client.read(state -> {
            Object todo = state.get("todo", id);
            return todo == null ? null : ((Map<?, ?>) todo).get("title");
        });
    }

    private static void awaitTitle(JavaSyncClient client, String id, String title) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!title.equals(titleOf(client, id)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(title, titleOf(client, id), id);
    }

    @Test
    void aClientWhoseFirstHubIsStoppedConnectsThroughTheNextAndPushesThere() throws Exception {
        EntangleHub stopped = hub(null);
        String dead = url(stopped);
        stop(stopped);
        EntangleHub live = hub(null);

        try (JavaSyncClient alice = fromTheFirst(List.of(dead, url(live)), "alice");
                JavaSyncClient bob = JavaSyncClient.connect(url(live), "bob", "todos", null, mutators())) {
            assertEquals(url(live), alice.hubUrl());
            alice.mutate("addTodo", Map.of("id", "t1", "title", "milk")).get(5, TimeUnit.SECONDS);
            awaitTitle(bob, "t1", "milk");
            assertEquals(Map.of("title", "milk", "done", false, "order", 1L), live.entities("todos", "todo").get("t1"));
        }
    }

    @Test
    void aClientWhoseHubStopsMovesToTheNextNodeAndCarriesOn() throws Exception {
        EventLog shared = new MemoryEventLog(); // two nodes on one log, as on one database
        EntangleHub first = hub(shared);
        EntangleHub second = hub(shared);
        try (JavaSyncClient alice = fromTheFirst(List.of(url(first), url(second)), "alice")) {
            assertEquals(url(first), alice.hubUrl());
            alice.mutate("addTodo", Map.of("id", "t1", "title", "milk")).get(5, TimeUnit.SECONDS);

            stop(first); // a deploy: its clients are told to reconnect
            // Made while alice has no hub: it waits, and goes to the next node once she is in.
            alice.mutate("addTodo", Map.of("id", "t2", "title", "bread")).get(10, TimeUnit.SECONDS);
            assertEquals(url(second), alice.hubUrl());

            try (JavaSyncClient bob = JavaSyncClient.connect(url(second), "bob", "todos", null, mutators())) {
                awaitTitle(bob, "t1", "milk");
                awaitTitle(bob, "t2", "bread");
            }
            assertEquals(new TreeSet<>(List.of("t1", "t2")), new TreeSet<>(second.entities("todos", "todo").keySet()),
                    "each operation applied once");
            assertEquals("milk", titleOf(alice, "t1"), "alice kept what she had");
        }
    }

    @Test
    void noReachableHubOrABadListIsRefusedAtConnect() throws Exception {
        EntangleHub stopped = hub(null);
        String dead = url(stopped);
        stop(stopped);
        UncheckedIOException unreachable = assertThrows(UncheckedIOException.class,
                () -> fromTheFirst(List.of(dead, dead), "alice"));
        assertTrue(unreachable.getMessage().startsWith("java.net.ConnectException: no hub took alice in: cannot connect to "
                + dead), unreachable.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> JavaSyncClient.connect(List.of(), "alice", "todos", null, mutators()));
        assertEquals("no hub URL: give at least one ws:// or wss:// URL, got an empty list", empty.getMessage());
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> JavaSyncClient.connect(List.of(dead, "http://127.0.0.1:1/entangle"), "alice", "todos", null,
                        mutators()));
        assertEquals("hub URL 2 of 2 must start with ws:// or wss://, got \"http://127.0.0.1:1/entangle\"",
                http.getMessage());
    }
}
