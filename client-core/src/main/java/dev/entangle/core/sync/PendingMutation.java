package dev.entangle.core.sync;

/**
 * A local mutation the server has not yet folded into a delta this client has seen: its effect on
 * the local state ({@code forward}, undone by {@code inverse}) and whether the server confirmed it.
 */
public record PendingMutation(long clientSeq, MutationInfo info, AtomPatches forward, AtomPatches inverse,
        boolean confirmed) {

    PendingMutation withEffect(AppliedPatches effect) {
        return new PendingMutation(clientSeq, info, effect.forward(), effect.inverse(), confirmed);
    }

    PendingMutation asConfirmed() {
        return new PendingMutation(clientSeq, info, forward, inverse, true);
    }
}
