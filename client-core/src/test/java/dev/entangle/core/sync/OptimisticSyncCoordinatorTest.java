package dev.entangle.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.patch.JsonPointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimisticSyncCoordinatorTest {
    private final SyncDocument state = new SyncDocument();
    private final List<Long> pulls = new ArrayList<>();
    private final OptimisticSyncCoordinator coordinator =
            new OptimisticSyncCoordinator(state, ConflictResolutionStrategy.SERVER_WINS_REBASE, pulls::add);

    private static Map<String, Object> todo(String title) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("title", title);
        return entity;
    }

    /** Runs an upsert locally, as a client mutator would, and registers it. */
    private long upsertLocally(String id, String title) throws Exception {
        AppliedPatches effect = Transaction.run(state, Mutators.withEntityOperations().get(Mutators.UPSERT),
                Map.of("type", "todo", "id", id, "entity", todo(title)));
        long seq = coordinator.generateClientSeq();
        coordinator.registerPendingMutation(seq, new MutationInfo(Mutators.UPSERT, null, 0), effect);
        return seq;
    }

    private static AtomPatches put(String id, String title) {
        return new AtomPatches(Map.of("todo", List.of(Operation.add(JsonPointer.ROOT.child(id), todo(title)))));
    }

    private Object title(String id) {
        Object entity = state.get("todo", id);
        return entity == null ? null : ((Map<?, ?>) entity).get("title");
    }

    @Test
    void aRejectedMutationIsRolledBackAndTheOnesAfterItStay() throws Exception {
        long first = upsertLocally("a", "first");
        upsertLocally("b", "second");
        List<OptimisticSyncCoordinator.Rollback> rollbacks = new ArrayList<>();
        coordinator.onRollback(rollbacks::add);

        coordinator.rejectMutation(first, new SyncError("mutation_refused", "no"));

        assertNull(state.get("todo", "a"));
        assertEquals("second", title("b"));
        assertEquals(1, rollbacks.size());
        assertEquals("no", rollbacks.get(0).error().message());
        assertEquals(1, coordinator.getPendingPatches().size());
    }

    @Test
    void aRefusalThatComesAfterTheDeltaWhichHandledItStillNamesTheMutation() throws Exception {
        long refused = upsertLocally("a", "");
        List<OptimisticSyncCoordinator.Rollback> rollbacks = new ArrayList<>();
        coordinator.onRollback(rollbacks::add);
        // Another operation of the same push changed the state; its delta says this one was handled too.
        coordinator.processServerDelta(new ServerDelta(1, 0, put("b", "other"), refused, 5, false));
        assertNull(state.get("todo", "a"), "the server's state has no trace of it");

        coordinator.rejectMutation(refused, new SyncError("mutation_refused", "a todo needs a title"));
        assertEquals(Mutators.UPSERT, rollbacks.get(0).info().name());
        assertEquals("a todo needs a title", rollbacks.get(0).error().message());
    }

    @Test
    void aServerDeltaIsAppliedUnderThePendingMutationsWhichStayOnTop() throws Exception {
        upsertLocally("a", "mine");
        coordinator.processServerDelta(new ServerDelta(1, 0, put("a", "theirs").then(put("c", "other")), 0, 5, false));

        assertEquals("mine", title("a"), "the pending mutation is laid over the server's value");
        assertEquals("other", title("c"));
        assertEquals(1, coordinator.serverSeq());
        assertEquals(1, coordinator.getPendingPatches().size());

        // The server's own result of the mutation arrives: it replaces the optimistic one.
        coordinator.processServerDelta(new ServerDelta(2, 1, put("a", "mine (by the server)"), 1, 6, false));
        assertEquals("mine (by the server)", title("a"));
        assertTrue(coordinator.getPendingPatches().isEmpty());
    }

    @Test
    void aGapIsNeverAppliedAndAsksForAPullOnce() {
        assertEquals(OptimisticSyncCoordinator.DeltaOutcome.GAP,
                coordinator.processServerDelta(new ServerDelta(3, 2, put("x", "later"), 0, 1, false)));
        assertEquals(OptimisticSyncCoordinator.DeltaOutcome.GAP,
                coordinator.processServerDelta(new ServerDelta(4, 3, put("y", "later"), 0, 1, false)));
        assertNull(state.get("todo", "x"));
        assertEquals(List.of(0L), pulls, "one pull, from the version held");
        assertTrue(coordinator.status().awaitingPull());

        assertEquals(OptimisticSyncCoordinator.DeltaOutcome.APPLIED,
                coordinator.processServerDelta(new ServerDelta(4, 0, put("x", "later").then(put("y", "later")), 0, 1,
                        false)));
        assertEquals(4, coordinator.serverSeq());
        assertEquals(OptimisticSyncCoordinator.DeltaOutcome.DUPLICATE,
                coordinator.processServerDelta(new ServerDelta(3, 2, put("x", "stale"), 0, 1, false)));
        assertEquals("later", title("x"));
    }

    @Test
    void aDeltaThatDoesNotFitTheStateAsksForTheWholeStateAndChangesNothing() throws Exception {
        upsertLocally("a", "mine");
        AtomPatches misfit = new AtomPatches(Map.of("todo", List.of(Operation.remove(JsonPointer.ROOT.child("zzz")))));
        assertEquals(OptimisticSyncCoordinator.DeltaOutcome.GAP,
                coordinator.processServerDelta(new ServerDelta(1, 0, misfit, 0, 1, false)));
        assertEquals("mine", title("a"));
        assertEquals(List.of(OptimisticSyncCoordinator.WHOLE_STATE), pulls);

        // The whole state replaces what was held, types it does not bring included; pending stays on top.
        state.apply(new AtomPatches(Map.of("stale", List.of(Operation.add(JsonPointer.ROOT.child("s"), todo("s"))))));
        coordinator.processServerDelta(new ServerDelta(9, 0,
                new AtomPatches(Map.of("todo", List.of(Operation.add(JsonPointer.ROOT, Map.of("b", todo("b")))))), 0, 1,
                true));
        assertEquals(9, coordinator.serverSeq());
        assertNull(state.get("stale", "s"));
        assertEquals("b", title("b"));
        assertEquals("mine", title("a"));
    }

    @Test
    void aWholeStateOlderThanTheVersionHeldIsIgnoredUnlessItWasAskedFor() {
        coordinator.processServerDelta(new ServerDelta(5, 0, put("a", "five"), 0, 1, true));
        assertEquals(OptimisticSyncCoordinator.DeltaOutcome.DUPLICATE,
                coordinator.processServerDelta(new ServerDelta(3, 2, put("a", "three"), 0, 1, true)));
        assertEquals("five", title("a"));
        // A hub that lost its history answers the version held with a lower one: taken.
        assertEquals(OptimisticSyncCoordinator.DeltaOutcome.APPLIED,
                coordinator.processServerDelta(new ServerDelta(2, 5, put("a", "two"), 0, 1, true)));
        assertEquals("two", title("a"));
        assertEquals(2, coordinator.serverSeq());
    }

    @Test
    void lastWriterWinsPerPathShowsANewerServerWriteOverAnOlderPendingOne() throws Exception {
        OptimisticSyncCoordinator lww = new OptimisticSyncCoordinator(state,
                ConflictResolutionStrategy.LAST_WRITER_WINS_PER_PATH, pulls::add);
        AppliedPatches effect = Transaction.run(state, Mutators.withEntityOperations().get(Mutators.UPSERT),
                Map.of("type", "todo", "id", "a", "entity", todo("mine")));
        lww.registerPendingMutation(lww.generateClientSeq(), new MutationInfo("x", null, 100), effect);
        AppliedPatches other = Transaction.run(state, Mutators.withEntityOperations().get(Mutators.UPSERT),
                Map.of("type", "todo", "id", "b", "entity", todo("mine too")));
        lww.registerPendingMutation(lww.generateClientSeq(), new MutationInfo("x", null, 100), other);

        lww.processServerDelta(new ServerDelta(1, 0, put("a", "newer"), 0, 200, false));
        assertEquals("newer", title("a"), "the server wrote /a after the client did");
        assertEquals("mine too", title("b"), "paths the server did not write keep the pending value");

        lww.processServerDelta(new ServerDelta(2, 1, put("b", "older"), 0, 50, false));
        assertEquals("mine too", title("b"), "a server write older than the pending one does not show");
    }

    @Test
    void subscriptionsEndWhenUnsubscribed() throws Exception {
        List<OptimisticSyncCoordinator.Status> seen = new ArrayList<>();
        Runnable unsubscribe = coordinator.onStateChange(seen::add);
        upsertLocally("a", "one");
        unsubscribe.run();
        upsertLocally("b", "two");
        assertEquals(1, seen.size());
        assertEquals(1, seen.get(0).pending());
    }
}
