package dev.entangle.hub.sync;

/**
 * A hub rule for one entity type, checked after every operation on each entity it wrote (named
 * operations and plain upserts alike): returns why the entity is not acceptable, or null.
 */
@FunctionalInterface
public interface EntityRule {
    String problem(String id, Object entity);
}
