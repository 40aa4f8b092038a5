package dev.entangle.core.sync;

/**
 * A hub rule for one entity type, checked after every operation on each entity it wrote (named
 * operations and plain upserts alike): returns why the entity is not acceptable, or null. It lives
 * in client-core beside {@link Mutator} so an application's {@link MutatorSet} can name its rules
 * without depending on the hub.
 */
@FunctionalInterface
public interface EntityRule {
    String problem(String id, Object entity);
}
