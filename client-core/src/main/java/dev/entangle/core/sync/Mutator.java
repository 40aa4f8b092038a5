package dev.entangle.core.sync;

/**
 * A named operation's code: reads and writes the state through {@code tx}. The same mutator may
 * run on the client (optimistically, at once) and on the hub (authoritatively, in order); on the
 * hub its result is what counts. Throwing {@link MutationRefused} refuses the operation: nothing
 * it wrote stays.
 */
@FunctionalInterface
public interface Mutator {
    void run(Transaction tx, Object args) throws MutationRefused;
}
