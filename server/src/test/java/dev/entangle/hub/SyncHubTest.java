package dev.entangle.hub;

import dev.entangle.hub.feature.sync.SyncHub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.SqliteEventLog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncHubTest {
    @TempDir
    Path data;

    /** The todo rules of the demo: titles must not be empty. */
    static HubConfig todoConfig() {
        HubConfig config = new HubConfig();
        config.mutator("addTodo", (tx, args) -> {
            Map<?, ?> a = (Map<?, ?>) args;
            Map<String, Object> todo = new LinkedHashMap<>();
            todo.put("title", a.get("title"));
            todo.put("done", false);
            tx.put("todo", (String) a.get("id"), todo);
        });
        config.entityRule("todo", (id, entity) -> {
            Object title = ((Map<?, ?>) entity).get("title");
            return title instanceof String s && !s.isBlank() ? null : "a todo needs a title";
        });
        return config;
    }

    private static PushedOperation add(long id, String todoId, String title) {
        return new PushedOperation(id, "replica-alice-1", "addTodo", Map.of("id", todoId, "title", title), 1);
    }

    private static Message.OperationConfirmed confirmation(HubPeer peer) {
        return assertInstanceOf(Message.OperationConfirmed.class, peer.next());
    }

    /** The next {@code state_changed}, passing over who is in the room. */
    private static ServerDelta delta(HubPeer peer) {
        Message next = peer.next();
        while (next instanceof Message.ClientPresence) {
            next = peer.next();
        }
        return assertInstanceOf(Message.StateChanged.class, next).delta();
    }

    @Test
    void anOperationIsRunConfirmedAndEveryFollowerHearsOfItWithItsOwnLastClientSeq() {
        Hub hub = new Hub(todoConfig());
        HubPeer alice = new HubPeer(hub, "alice", "todos");
        HubPeer bob = new HubPeer(hub, "bob", "todos");
        alice.send(new Message.SyncSubscribe("replica-alice-1", 0, null));
        bob.send(new Message.SyncSubscribe("replica-bob-1", 0, null));
        assertEquals(0, delta(alice).serverSeq());
        assertEquals(0, delta(bob).serverSeq());

        alice.send(new Message.SyncPush(List.of(add(1, "t1", "milk"))));

        ServerDelta toAlice = delta(alice);
        assertEquals(1, toAlice.serverSeq());
        assertEquals(0, toAlice.prevServerSeq());
        assertEquals(1, toAlice.lastClientSeq(), "alice learns her operation 1 is in this version");
        OperationResult verdict = confirmation(alice).result();
        assertTrue(verdict.success());
        assertEquals(1L, verdict.stateVersion());
        ServerDelta toBob = delta(bob);
        assertEquals(0, toBob.lastClientSeq(), "bob's replica has pushed nothing; alice's replica id is not told");
        assertEquals(toAlice.data(), toBob.data());
    }

    @Test
    void aRefusedOperationChangesNothingAndItsResendGetsTheSameVerdict() {
        Hub hub = new Hub(todoConfig());
        HubPeer alice = new HubPeer(hub, "alice", "todos");
        alice.send(new Message.SyncPush(List.of(add(1, "t1", "  "), add(2, "t2", "ok"),
                new PushedOperation(3, "replica-alice-1", "launchRockets", null, 1))));
        OperationResult empty = confirmation(alice).result();
        assertFalse(empty.success());
        assertEquals("mutation_refused", empty.code());
        assertEquals("todo t1: a todo needs a title", empty.error());
        assertTrue(confirmation(alice).result().success());
        OperationResult unknown = confirmation(alice).result();
        assertEquals("unknown_mutator", unknown.code());

        // The answers were lost; the client sends all three again.
        alice.send(new Message.SyncPush(List.of(add(1, "t1", "  "), add(2, "t2", "ok"))));
        assertEquals("mutation_refused", confirmation(alice).result().code());
        assertTrue(confirmation(alice).result().success());
        SyncHubTest.assertState(hub, "todos", "{\"todo\":{\"t2\":{\"title\":\"ok\",\"done\":false}}}");
        assertEquals(1, hub.sync().state(hub.roomForHttp("todos")).version(), "the resend made no second version");
        assertTrue(hub.stats().rejectedByCode().get("mutation_refused") >= 1);
    }

    @Test
    void aClientCatchesUpWithADeltaOrTheWholeStateWhenTheChangesAreNoLongerKept() {
        HubConfig config = todoConfig();
        config.syncHistory = 3;
        Hub hub = new Hub(config);
        HubPeer alice = new HubPeer(hub, "alice", "todos");
        for (int i = 1; i <= 5; i++) {
            alice.send(new Message.SyncPush(List.of(add(i, "t" + i, "todo " + i))));
        }
        alice.drain();
        HubPeer bob = new HubPeer(hub, "bob", "todos");
        bob.send(new Message.SyncSubscribe("replica-bob-1", 3, null));
        ServerDelta recent = delta(bob);
        assertFalse(recent.full());
        assertEquals(3, recent.prevServerSeq());
        assertEquals(2, recent.data().size(), "versions 4 and 5");
        bob.send(new Message.SyncSubscribe("replica-bob-1", 1, List.of("todo")));
        ServerDelta whole = delta(bob);
        assertTrue(whole.full());
        assertEquals(5, whole.serverSeq());
        bob.send(new Message.SyncSubscribe("replica-bob-1", 99, null));
        assertTrue(delta(bob).full(), "a version this room never had gets the whole state");
    }

    @Test
    void readOnlyClientsAndOversizedPushesAreRefused() {
        HubConfig config = todoConfig();
        config.maxOperationsPerPush = 2;
        Hub hub = new Hub(config);
        HubPeer alice = new HubPeer(hub, "alice", "todos");
        alice.send(new Message.SyncPush(List.of(add(1, "a", "a"), add(2, "b", "b"), add(3, "c", "c"))));
        assertEquals(ErrorCode.OPERATION_TOO_LARGE, alice.error().code());
        alice.send(new Message.SyncSubscribe("bad id!", 0, null));
        assertEquals(ErrorCode.INVALID_FIELD, alice.error().code());
    }

    @Test
    void everyConfirmedOperationSurvivesARestartAndItsResendIsStillRecognised() {
        Hub first = new Hub(todoConfig(), SqliteEventLog.open(data));
        HubPeer alice = new HubPeer(first, "alice", "todos");
        for (int i = 1; i <= 3; i++) {
            alice.send(new Message.SyncPush(List.of(add(i, "t" + i, "todo " + i))));
            assertTrue(confirmation(alice).result().success());
        }
        first.events().close(); // as a kill would leave it: no snapshot

        Hub second = new Hub(todoConfig(), SqliteEventLog.open(data));
        assertEquals(3, second.sync().state(second.roomForHttp("todos")).version());
        HubPeer again = new HubPeer(second, "alice", "todos");
        again.send(new Message.SyncPush(List.of(add(3, "t3", "todo 3"), add(4, "t4", "todo 4"))));
        assertTrue(confirmation(again).result().success());
        assertEquals(4L, confirmation(again).result().stateVersion());
        second.snapshotAll();
        second.events().close();

        Hub third = new Hub(todoConfig(), SqliteEventLog.open(data));
        assertState(third, "todos", "{\"todo\":{\"t1\":{\"title\":\"todo 1\",\"done\":false},"
                + "\"t2\":{\"title\":\"todo 2\",\"done\":false},\"t3\":{\"title\":\"todo 3\",\"done\":false},"
                + "\"t4\":{\"title\":\"todo 4\",\"done\":false}}}");
        assertEquals(3 + 1, third.sync().state(third.roomForHttp("todos")).lastClientSeq("replica-alice-1"));
        third.events().close();
    }

    @Test
    void afterASnapshotAndARestartAClientStillGetsADeltaAndARefusalItsVerdict() {
        Hub first = new Hub(todoConfig(), SqliteEventLog.open(data));
        HubPeer alice = new HubPeer(first, "alice", "todos");
        for (int i = 1; i <= 4; i++) {
            alice.send(new Message.SyncPush(List.of(add(i, "t" + i, "todo " + i))));
            assertTrue(confirmation(alice).result().success());
        }
        alice.send(new Message.SyncPush(List.of(add(5, "t5", " "))));
        assertEquals("mutation_refused", confirmation(alice).result().code());
        first.snapshotAll(); // as a graceful stop does: the log keeps no event before it
        first.events().close();

        Hub second = new Hub(todoConfig(), SqliteEventLog.open(data));
        HubPeer bob = new HubPeer(second, "bob", "todos");
        bob.send(new Message.SyncSubscribe("replica-bob-1", 2, null));
        ServerDelta missed = delta(bob);
        assertFalse(missed.full(), "versions 3 and 4 as a delta, not the whole state");
        assertEquals(2, missed.data().size());
        HubPeer again = new HubPeer(second, "alice", "todos");
        again.send(new Message.SyncPush(List.of(add(5, "t5", " "))));
        OperationResult verdict = confirmation(again).result();
        assertFalse(verdict.success(), "the refusal is remembered, not turned into a success");
        assertEquals("mutation_refused", verdict.code());
        second.events().close();
    }

    @Test
    void anOperationTheLogCannotStoreIsUndoneAndRefusedAsTransient() {
        EventLog failing = new FullDiskEventLog();
        Hub hub = new Hub(todoConfig(), failing);
        HubPeer alice = new HubPeer(hub, "alice", "todos");
        alice.send(new Message.SyncPush(List.of(add(1, "t1", "milk"))));
        OperationResult verdict = confirmation(alice).result();
        assertEquals("storage_failed", verdict.code());
        assertTrue(verdict.isTransient(), "the client sends it again later");
        assertNull(hub.sync().state(hub.roomForHttp("todos")).state().get("todo", "t1"));
        assertEquals(0, hub.sync().state(hub.roomForHttp("todos")).lastClientSeq("replica-alice-1"),
                "so the resend runs it, not a duplicate check");
    }

    @Test
    void followersHearWhoIsThereWhoJoinsAndWhoLeaves() {
        Hub hub = new Hub(todoConfig());
        HubPeer carol = new HubPeer(hub, "carol", "todos");
        HubPeer alice = new HubPeer(hub, "alice", "todos");
        alice.send(new Message.SyncSubscribe("replica-alice-1", 0, null));
        assertInstanceOf(Message.StateChanged.class, alice.next());
        assertEquals(new Message.ClientPresence(true, "carol"), alice.next(), "carol was there before");
        assertTrue(alice.drain().isEmpty(), "alice is not told of herself");
        HubPeer bob = new HubPeer(hub, "bob", "todos");
        assertEquals(new Message.ClientPresence(true, "bob"), alice.next());
        hub.closed(bob.connection);
        assertEquals(new Message.ClientPresence(false, "bob"), alice.next());
    }

    static void assertState(Hub hub, String room, String json) {
        try {
            assertTrue(dev.entangle.core.patch.JsonPatch.same(dev.entangle.core.json.Json.parse(json),
                    hub.sync().state(hub.roomForHttp(room)).state().toJson()),
                    hub.sync().state(hub.roomForHttp(room)).state().toJson().toString());
        } catch (dev.entangle.core.json.JsonException e) {
            throw new AssertionError(e);
        }
    }
}
