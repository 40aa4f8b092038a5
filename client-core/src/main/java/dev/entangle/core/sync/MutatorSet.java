package dev.entangle.core.sync;

/**
 * An application's named operations as one unit: its mutators, the names of their positional
 * arguments and the rules its entities must pass. A hub takes a set with
 * {@code HubConfig.register(set)}; the standalone hub registers every set it finds on its
 * class path ({@code META-INF/services/dev.entangle.core.sync.MutatorSet}), which is how the demo
 * site's todos reach it without the hub's code naming them.
 */
public interface MutatorSet {
    /** Registers this set's operations and rules on {@code registry}. */
    void register(Registry registry);

    /** Where a set registers: the hub's configuration, or anything else that collects operations. */
    interface Registry {
        /** The authoritative mutator for operation {@code name}. */
        Registry mutator(String name, Mutator mutator);

        /** Operation {@code name}'s positional arguments, in order, for clients that send {@code args} as an array. */
        Registry parameters(String name, String... names);

        /** A rule every entity of {@code type} an operation writes must pass, or the operation is refused. */
        Registry entityRule(String type, EntityRule rule);
    }
}
