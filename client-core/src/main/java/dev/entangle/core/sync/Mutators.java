package dev.entangle.core.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mutators by name. Two come built in, so a plain entity-change API works as a thin layer over
 * named operations: {@value #UPSERT} ({@code {type, id, entity}}) and {@value #DELETE}
 * ({@code {type, id}}).
 */
public final class Mutators {
    public static final String UPSERT = "entity.upsert";
    public static final String DELETE = "entity.delete";
    public static final int MAX_NAME_LENGTH = 64;

    private final Map<String, Mutator> byName = new LinkedHashMap<>();

    /** The built-in entity operations, and nothing else yet. */
    public static Mutators withEntityOperations() {
        Mutators mutators = new Mutators();
        mutators.register(UPSERT, (tx, args) -> tx.put(field(args, "type"), field(args, "id"), entity(args)));
        mutators.register(DELETE, (tx, args) -> tx.delete(field(args, "type"), field(args, "id")));
        return mutators;
    }

    public Mutators register(String name, Mutator mutator) {
        String problem = problemWithName(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        byName.put(name, mutator);
        return this;
    }

    /** The mutator registered as {@code name}, or null. */
    public Mutator get(String name) {
        return byName.get(name);
    }

    /** What is wrong with {@code name} as a mutator name, or null. */
    public static String problemWithName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return "a mutator name must be 1 to " + MAX_NAME_LENGTH + " characters";
        }
        return null;
    }

    private static String field(Object args, String key) throws MutationRefused {
        if (args instanceof Map<?, ?> map && map.get(key) instanceof String value) {
            return value;
        }
        throw new MutationRefused("invalid_field", "the arguments need a string '" + key + "'");
    }

    private static Object entity(Object args) throws MutationRefused {
        Object entity = args instanceof Map<?, ?> map ? map.get("entity") : null;
        if (!(entity instanceof Map<?, ?>)) {
            throw new MutationRefused("invalid_field", "the arguments need an object 'entity'");
        }
        return entity;
    }
}
