package dev.entangle.core.session;

import dev.entangle.core.mutation.MutationVector;
import java.util.HashMap;
import java.util.Map;

/**
 * Last-writer-wins in the hub's order, one register per bound value. The hub gives every accepted
 * change of a binding the next {@code serverSeq} and tells every window about it in that order, so
 * "the change with the highest serverSeq wins" is the same answer everywhere. The catch is a local
 * change still in flight: its serverSeq is unknown until the ack, so remote values that arrive
 * meanwhile are held back and decided when the ack comes.
 */
final class HubOrderedRegisters {

    /** The state of one register. */
    private sealed interface State permits Settled, Pending {
        long lastSeq();
    }

    /** Nothing of ours in flight: a remote value newer than the last one seen applies at once. */
    private record Settled(long lastSeq) implements State {
    }

    /**
     * {@code inFlight} local changes await their ack. {@code held} is the newest remote value seen
     * meanwhile; it wins only if the hub ordered it after our last change.
     */
    private record Pending(int inFlight, long lastSeq, MutationVector held, long heldSeq) implements State {
    }

    private final Map<String, State> registers = new HashMap<>();
    /** The newest value of each key the hub accepted, as far as this client knows: what a refused change reverts to. */
    private final Map<String, MutationVector> hubValues = new HashMap<>();

    /**
     * A local change is about to be sent: when the hub has told us no value for its key yet, the
     * value the element showed before it is what a refusal reverts to.
     */
    void baseline(MutationVector change) {
        if (!hubValues.containsKey(change.key())) {
            hubValues.put(change.key(), new MutationVector(change.selector(), change.kind(), change.name(),
                    change.newValue(), change.oldValue(), change.source(), 0, change.timestamp()));
        }
    }

    /** A local change to {@code key} was sent. */
    void sent(String key) {
        State state = stateOf(key);
        if (state instanceof Pending p) {
            registers.put(key, new Pending(p.inFlight() + 1, p.lastSeq(), p.held(), p.heldSeq()));
        } else {
            registers.put(key, new Pending(1, state.lastSeq(), null, 0));
        }
    }

    /** A remote value arrived as {@code serverSeq}; returns it when it should be applied now, else null. */
    MutationVector remote(MutationVector vector, long serverSeq) {
        String key = vector.key();
        State state = stateOf(key);
        if (serverSeq <= state.lastSeq()) {
            return null; // already superseded: a duplicate or an older value
        }
        if (state instanceof Pending p) {
            if (serverSeq > p.heldSeq()) {
                registers.put(key, new Pending(p.inFlight(), p.lastSeq(), vector, serverSeq));
            }
            return null;
        }
        registers.put(key, new Settled(serverSeq));
        hubValues.put(key, vector);
        return vector;
    }

    /**
     * The hub answered our change {@code ours}: accepted as {@code serverSeq}, or refused
     * ({@code serverSeq} null). Returns the value the element must now show, else null: a held
     * remote value ordered after ours, or, when ours was refused for good, the hub's value.
     */
    MutationVector answered(MutationVector ours, Long serverSeq) {
        String key = ours.key();
        if (serverSeq != null) {
            hubValues.put(key, ours);
        }
        State state = stateOf(key);
        if (!(state instanceof Pending p)) {
            return serverSeq == null ? hubValues.get(key) : null;
        }
        long lastSeq = serverSeq == null ? p.lastSeq() : Math.max(p.lastSeq(), serverSeq);
        if (p.inFlight() > 1) {
            registers.put(key, new Pending(p.inFlight() - 1, lastSeq, p.held(), p.heldSeq()));
            return null;
        }
        // Our last change is ordered: the held value wins only if the hub ordered it later.
        if (p.held() != null && p.heldSeq() > lastSeq) {
            registers.put(key, new Settled(p.heldSeq()));
            hubValues.put(key, p.held());
            return p.held();
        }
        registers.put(key, new Settled(lastSeq));
        return serverSeq == null ? hubValues.get(key) : null;
    }

    /** The connection dropped: nothing is in flight any more (the session resends what it must). */
    void connectionLost() {
        registers.replaceAll((key, state) -> new Settled(state.lastSeq()));
    }

    /** The hub's sequences started again (a new hub epoch): every register forgets what it saw. */
    void forgetSequences() {
        registers.clear();
    }

    private State stateOf(String key) {
        State state = registers.get(key);
        return state == null ? new Settled(0) : state;
    }
}
