package dev.entangle.core.sync;

import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.patch.JsonPointer;
import dev.entangle.core.patch.PatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Keeps local mutations and server deltas in order, and holds no application state: the state is
 * behind a {@link StateApplier}; the coordinator knows only the server version that state is
 * built on and the mutations pending on top of it, each with its patches and their inverses.
 *
 * <p>Server deltas are taken strictly in order: one that does not start at the version held is a
 * duplicate (ignored) or leaves a gap, and a gap is never applied: the coordinator asks for a pull
 * instead. Applying a delta is a rebase: undo the pending mutations, apply the delta, drop the
 * mutations the server has handled, and lay the rest on top again as the
 * {@link ConflictResolutionStrategy} says.
 */
public final class OptimisticSyncCoordinator {

    /** What became of a delta handed to {@link #processServerDelta}. */
    public enum DeltaOutcome {
        APPLIED,
        /** It was older than the version held: ignored. */
        DUPLICATE,
        /** It starts past the version held (or did not fit it): not applied, a pull was asked for. */
        GAP
    }

    /**
     * A refused mutation taken back: {@code patches} is what was applied to the state to do it
     * (the inverses of it and of the mutations after it, then those mutations again).
     */
    public record Rollback(long clientSeq, MutationInfo info, SyncError error, AtomPatches patches) {
    }

    /** Where the coordinator stands, for whoever shows it. */
    public record Status(long serverSeq, int pending, boolean awaitingPull) {
    }

    /** The two states: in step with the server's order, or waiting for a pull after a gap. */
    private sealed interface Phase permits InStep, AwaitingPull {
    }

    private record InStep() implements Phase {
    }

    /**
     * A gap was seen (or, {@code whole}, the state went astray and the server's whole state was
     * asked for): a pull's answer is awaited.
     */
    private record AwaitingPull(boolean whole) implements Phase {
    }

    /** The version asked for when the local state went astray: the server answers with its whole state. */
    public static final long WHOLE_STATE = -1;

    private final StateApplier state;
    private final ConflictResolutionStrategy strategy;
    private final LongConsumer pull;
    private final List<PendingMutation> pending = new ArrayList<>();
    /**
     * Mutations a delta showed the server handled before their verdict arrived: kept so a refusal
     * that comes after its delta still names what was refused (bounded; the oldest go first).
     */
    private final Map<Long, MutationInfo> handledBeforeVerdict = new LinkedHashMap<>();
    private static final int REMEMBERED_HANDLED = 1_024;
    private final Listeners<Status> stateChange = new Listeners<>();
    private final Listeners<ServerDelta> applyDelta = new Listeners<>();
    private final Listeners<Rollback> rollback = new Listeners<>();
    private Phase phase = new InStep();
    private long serverSeq;
    private long nextClientSeq = 1;

    /**
     * {@code pull} is called with the server version held when a gap is seen (or
     * {@link #WHOLE_STATE}); it should fetch what came after and hand it to {@link #processServerDelta}.
     */
    public OptimisticSyncCoordinator(StateApplier state, ConflictResolutionStrategy strategy, LongConsumer pull) {
        this.state = state;
        this.strategy = strategy;
        this.pull = pull;
    }

    /** The next client sequence number: increasing, never reused by this coordinator. */
    public long generateClientSeq() {
        return nextClientSeq++;
    }

    /** Records a mutation whose {@code optimistic} patches are already applied to the state. */
    public void registerPendingMutation(long clientSeq, MutationInfo info, AppliedPatches optimistic) {
        if (!pending.isEmpty() && pending.get(pending.size() - 1).clientSeq() >= clientSeq) {
            throw new IllegalArgumentException("mutation " + clientSeq + " is not after the last pending one, "
                    + pending.get(pending.size() - 1).clientSeq());
        }
        nextClientSeq = Math.max(nextClientSeq, clientSeq + 1);
        pending.add(new PendingMutation(clientSeq, info, optimistic.forward(), optimistic.inverse(), false));
        stateChange.emit(status());
    }

    /**
     * The server accepted mutation {@code clientSeq}. Its effect stays as it is until the delta
     * that carries the server's own result of it arrives (and replaces it).
     */
    public void confirmMutation(long clientSeq) {
        handledBeforeVerdict.remove(clientSeq);
        int at = indexOf(clientSeq);
        if (at >= 0) {
            pending.set(at, pending.get(at).asConfirmed());
            stateChange.emit(status());
        }
    }

    /**
     * The server refused mutation {@code clientSeq}: its effect is taken out of the state, the
     * mutations after it are laid on top again, and {@link #onRollback} listeners hear of it.
     * Returns the patches applied to do it (none when it was no longer pending).
     */
    public AtomPatches rejectMutation(long clientSeq, SyncError error) {
        int at = indexOf(clientSeq);
        if (at < 0) {
            // A delta already showed the server handled it without it: its effect is gone already.
            rollback.emit(new Rollback(clientSeq, handledBeforeVerdict.remove(clientSeq), error, AtomPatches.NONE));
            return AtomPatches.NONE;
        }
        PendingMutation refused = pending.get(at);
        AtomPatches undone = undoFrom(at);
        pending.remove(at);
        AtomPatches applied = undone.then(redoFrom(at, null));
        rollback.emit(new Rollback(clientSeq, refused.info(), error, applied));
        stateChange.emit(status());
        return applied;
    }

    /**
     * Takes a server delta, strictly in order: see {@link DeltaOutcome}. A delta that does not
     * start at the version held is never applied.
     */
    public DeltaOutcome processServerDelta(ServerDelta delta) {
        if (delta.full()) {
            // A whole state older than the one held answers an earlier pull: taking it would go back.
            boolean askedForIt = phase instanceof AwaitingPull p && p.whole();
            if (!askedForIt && delta.prevServerSeq() != serverSeq && delta.serverSeq() < serverSeq) {
                return DeltaOutcome.DUPLICATE;
            }
        } else if (delta.prevServerSeq() != serverSeq) {
            if (delta.serverSeq() <= serverSeq) {
                return DeltaOutcome.DUPLICATE;
            }
            askForPull();
            return DeltaOutcome.GAP;
        }
        undoFrom(0);
        try {
            state.apply(delta.full() ? clearingTheRest(delta.data()) : delta.data());
        } catch (PatchException e) {
            // The delta does not fit the state it says it follows: the local state went astray.
            // Put things back as they were and fetch the server's state whole.
            redoFrom(0, null);
            phase = new AwaitingPull(true);
            pull.accept(WHOLE_STATE);
            return DeltaOutcome.GAP;
        }
        for (PendingMutation p : pending) {
            if (p.clientSeq() <= delta.lastClientSeq() && !p.confirmed()) {
                handledBeforeVerdict.put(p.clientSeq(), p.info());
                if (handledBeforeVerdict.size() > REMEMBERED_HANDLED) {
                    handledBeforeVerdict.remove(handledBeforeVerdict.keySet().iterator().next());
                }
            }
        }
        pending.removeIf(p -> p.clientSeq() <= delta.lastClientSeq());
        redoFrom(0, delta);
        serverSeq = delta.serverSeq();
        phase = new InStep();
        applyDelta.emit(delta);
        stateChange.emit(status());
        return DeltaOutcome.APPLIED;
    }

    /** Asks for a pull from the version held (after a reconnect, say), unless one is awaited. */
    public void requestPull() {
        phase = new InStep();
        askForPull();
    }

    /** Every mutation not yet folded into a delta, oldest first, with its patches. */
    public List<PendingMutation> getPendingPatches() {
        return List.copyOf(pending);
    }

    public long serverSeq() {
        return serverSeq;
    }

    /** The number {@link #generateClientSeq} gives next (kept with the pending mutations, so a reopened app goes on). */
    public long nextClientSeq() {
        return nextClientSeq;
    }

    public Status status() {
        return new Status(serverSeq, pending.size(), phase instanceof AwaitingPull);
    }

    /**
     * Carries on from a stored state (a reopened app): the state behind the applier already holds
     * version {@code serverSeq} with {@code stored} applied on top.
     */
    public void restore(long serverSeq, long nextClientSeq, List<PendingMutation> stored) {
        this.serverSeq = serverSeq;
        this.nextClientSeq = nextClientSeq;
        pending.clear();
        pending.addAll(stored);
        handledBeforeVerdict.clear();
        phase = new InStep();
        stateChange.emit(status());
    }

    /** Subscribes to every change of {@link #status()}; returns the unsubscribe function. */
    public Runnable onStateChange(Consumer<Status> listener) {
        return stateChange.add(listener);
    }

    /** Subscribes to every server delta applied; returns the unsubscribe function. */
    public Runnable onApplyDelta(Consumer<ServerDelta> listener) {
        return applyDelta.add(listener);
    }

    /** Subscribes to every rollback of a refused mutation; returns the unsubscribe function. */
    public Runnable onRollback(Consumer<Rollback> listener) {
        return rollback.add(listener);
    }

    /** A full delta's patches, with every atom it does not bring emptied. */
    private AtomPatches clearingTheRest(AtomPatches full) {
        Map<String, List<Operation>> cleared = new LinkedHashMap<>();
        for (String type : List.copyOf(state.types())) {
            if (!full.byAtom().containsKey(type)) {
                cleared.put(type, List.of(Operation.add(JsonPointer.ROOT, new LinkedHashMap<String, Object>())));
            }
        }
        return full.then(new AtomPatches(cleared));
    }

    private int indexOf(long clientSeq) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).clientSeq() == clientSeq) {
                return i;
            }
        }
        return -1;
    }

    private void askForPull() {
        if (!(phase instanceof AwaitingPull)) {
            phase = new AwaitingPull(false);
            pull.accept(serverSeq);
        }
    }

    /** Undoes pending mutations from the newest down to index {@code from}; returns what was applied. */
    private AtomPatches undoFrom(int from) {
        Map<String, List<Operation>> applied = new LinkedHashMap<>();
        for (int i = pending.size() - 1; i >= from; i--) {
            AtomPatches inverse = pending.get(i).inverse();
            applyOwn(inverse);
            collect(inverse, applied);
        }
        return new AtomPatches(applied);
    }

    /**
     * Lays pending mutations from index {@code from} on top again (over {@code delta}, when one was
     * just applied), recording each one's new inverse. A mutation that no longer fits keeps no
     * local effect; it stays pending for the server to rule on.
     */
    private AtomPatches redoFrom(int from, ServerDelta delta) {
        Map<String, List<Operation>> applied = new LinkedHashMap<>();
        for (int i = from; i < pending.size(); i++) {
            PendingMutation p = pending.get(i);
            AtomPatches forward = delta == null ? p.forward() : strategy.reapply(p, delta);
            AppliedPatches effect;
            try {
                effect = new AppliedPatches(forward, state.apply(forward));
                collect(forward, applied);
            } catch (PatchException e) {
                effect = AppliedPatches.NONE;
            }
            pending.set(i, p.withEffect(effect));
        }
        return new AtomPatches(applied);
    }

    private static void collect(AtomPatches patches, Map<String, List<Operation>> into) {
        patches.byAtom().forEach((atom, ops) -> into.computeIfAbsent(atom, a -> new ArrayList<>()).addAll(ops));
    }

    /** Applies patches the coordinator itself made from the state's own inverses: they always fit. */
    private void applyOwn(AtomPatches patches) {
        try {
            state.apply(patches);
        } catch (PatchException e) {
            throw new IllegalStateException("an inverse patch did not fit the state it was made from", e);
        }
    }
}
