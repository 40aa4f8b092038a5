package dev.entangle.core.sync;

import dev.entangle.core.patch.PatchException;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.time.Clock;
import dev.entangle.core.time.Scheduler;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A replica of a room's synchronised state, platform-neutral: named operations run at once on
 * the local state ({@link #mutate}), go to the hub through the {@link FlushEngine}, and are
 * confirmed or rolled back; server deltas come in through {@link #received}. The browser client
 * and JVM clients wrap it with their transport and storage.
 */
public final class SyncEngine {

    /** How the engine reaches the hub. */
    public interface Transport {
        /** Delivers a batch of operations (see {@link FlushEngine.Sender}). */
        void push(List<PushedOperation> batch, Consumer<List<OperationResult>> answered, Consumer<String> failed);

        /** Fetches the state after version {@code from} and hands it to {@link #received}; may fail quietly. */
        void pull(long from);
    }

    /** What the engine tells its owner; only verdicts must be heard. */
    public interface Listener {
        /** The hub's verdict on operation {@code clientSeq}: {@code error} null when it was applied. */
        void settled(long clientSeq, SyncError error);

        /** The local state of these entity types changed (a local mutation, a delta, a rollback). */
        default void changed(Set<String> types) {
        }

        /** A batch keeps failing; its operations stay queued. */
        default void stalled(String reason) {
        }

        /** What {@link #snapshot()} returns changed: the owner may save it. */
        default void dirty() {
        }
    }

    private String replicaId;
    private final Mutators mutators;
    private final Transport transport;
    private final Clock clock;
    private final Listener listener;
    private final SyncDocument state = new SyncDocument();
    private Set<String> touched = new LinkedHashSet<>();
    /** The operations whose verdicts were heard lately: a verdict told twice is acted on once. */
    private final Set<Long> settled = new LinkedHashSet<>();
    private static final int REMEMBERED_VERDICTS = 1_024;
    private final OptimisticSyncCoordinator coordinator;
    private final FlushEngine flush;

    public SyncEngine(String replicaId, Mutators mutators, Transport transport, Scheduler scheduler, Clock clock,
            ConflictResolutionStrategy strategy, FlushEngine.Settings settings, Listener listener) {
        this.replicaId = replicaId;
        this.mutators = mutators;
        this.transport = transport;
        this.clock = clock;
        this.listener = listener;
        StateApplier recording = new StateApplier() {
            @Override
            public AtomPatches apply(AtomPatches patches) throws PatchException {
                AtomPatches inverse = state.apply(patches);
                touch(inverse.byAtom().keySet());
                return inverse;
            }

            @Override
            public java.util.Collection<String> types() {
                return state.types();
            }
        };
        this.coordinator = new OptimisticSyncCoordinator(recording, strategy, transport::pull);
        this.flush = new FlushEngine(settings, transport::push, scheduler, new FlushEngine.Listener() {
            @Override
            public void settled(OperationResult result) {
                SyncEngine.this.settled(result);
            }

            @Override
            public void stalled(int attempts, String reason) {
                listener.stalled(reason);
            }
        });
    }

    /**
     * Runs operation {@code name} at once against the local state and queues it for the hub;
     * returns its client sequence number. Without a local mutator of that name the operation
     * still goes to the hub (it changes the state when the hub's delta comes). Throws when the
     * local mutator refuses: then nothing is queued.
     */
    public long mutate(String name, Object args) throws MutationRefused {
        String problem = Mutators.problemWithName(name);
        if (problem != null) {
            throw new MutationRefused("invalid_field", problem);
        }
        Mutator mutator = mutators.get(name);
        AppliedPatches effect = mutator == null ? AppliedPatches.NONE : Transaction.run(state, mutator, args);
        touch(effect.forward().byAtom().keySet());
        long clientSeq = coordinator.generateClientSeq();
        long now = clock.now();
        coordinator.registerPendingMutation(clientSeq, new MutationInfo(name, args, now), effect);
        flush.enqueue(new PushedOperation(clientSeq, replicaId, name, args, now));
        changed();
        return clientSeq;
    }

    /** A delta from the hub (pushed, or the answer to a pull). */
    public OptimisticSyncCoordinator.DeltaOutcome received(ServerDelta delta) {
        OptimisticSyncCoordinator.DeltaOutcome outcome = coordinator.processServerDelta(delta);
        if (outcome == OptimisticSyncCoordinator.DeltaOutcome.APPLIED) {
            changed(); // a duplicate or a gap changed nothing: nothing to tell or to save
        }
        return outcome;
    }

    /** A verdict that came by itself (an {@code operation_confirmed} for an operation of an earlier batch, say). */
    public void settled(OperationResult result) {
        if (!settled.add(result.id())) {
            return; // heard already (on two channels: an HTTP answer and the event stream)
        }
        if (settled.size() > REMEMBERED_VERDICTS) {
            settled.remove(settled.iterator().next());
        }
        if (result.success()) {
            coordinator.confirmMutation(result.id());
            listener.settled(result.id(), null);
        } else {
            coordinator.rejectMutation(result.id(), new SyncError(result.code(), result.error()));
            listener.settled(result.id(), new SyncError(result.code(), result.error()));
        }
        changed();
    }

    /** The transport is (back) up: catch up with the hub and send what is queued. */
    public void connected() {
        coordinator.requestPull();
        flush.retry();
    }

    /**
     * Carries on from what was kept locally (a reopened app) or from a backup: the stored
     * replica's id, state, version and pending operations replace this engine's, and the
     * operations not yet confirmed are queued again. Call {@link #connected} after it when the
     * transport is up, so the hub is followed as the stored replica.
     */
    public void restore(LocalSnapshot stored) throws PatchException {
        touch(state.types());
        state.apply(state.replacementBy(stored.state()));
        replicaId = stored.replicaId();
        settled.clear(); // another replica's numbers
        coordinator.restore(stored.serverSeq(), stored.nextClientSeq(), stored.pending());
        List<PushedOperation> queue = new java.util.ArrayList<>();
        for (PendingMutation p : stored.pending()) {
            if (!p.confirmed()) {
                queue.add(new PushedOperation(p.clientSeq(), stored.replicaId(), p.info().name(), p.info().args(),
                        p.info().timestamp()));
            }
        }
        flush.reset(queue);
        touch(state.types());
        changed();
    }

    /** Everything to keep locally now. */
    public LocalSnapshot snapshot() {
        return new LocalSnapshot(replicaId, coordinator.serverSeq(), coordinator.nextClientSeq(), state.toJson(),
                coordinator.getPendingPatches());
    }

    public String replicaId() {
        return replicaId;
    }

    public SyncDocument state() {
        return state;
    }

    public OptimisticSyncCoordinator coordinator() {
        return coordinator;
    }

    public FlushEngine flush() {
        return flush;
    }

    /**
     * One by one, not {@code touched.addAll}: in a browser bundle, a set's {@code addAll} shares one
     * element type with every list's, so it would send every object a list holds into the set's
     * {@code equals} and keep every record's {@code equals} and {@code hashCode} (docs/BENCHMARKS.md).
     */
    private void touch(Collection<String> types) {
        for (String type : types) {
            touched.add(type);
        }
    }

    private void changed() {
        if (!touched.isEmpty()) {
            Set<String> types = touched; // handed over whole: the next changes start a new set
            touched = new LinkedHashSet<>();
            listener.changed(types);
        }
        listener.dirty();
    }
}
