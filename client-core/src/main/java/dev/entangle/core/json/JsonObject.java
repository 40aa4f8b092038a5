package dev.entangle.core.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed JSON object with typed reads that fail with a message naming the field and what was expected. */
public final class JsonObject {
    private final Map<?, ?> fields;

    private JsonObject(Map<?, ?> fields) {
        this.fields = fields;
    }

    static JsonObject wrap(Map<?, ?> fields) {
        return new JsonObject(fields);
    }

    /** A parsed value that must be an object (an item of an array, say). */
    public static JsonObject from(Object value) throws JsonException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new JsonException(JsonException.Problem.WRONG_TYPE, "expected a JSON object, got " + Json.typeName(value));
        }
        return new JsonObject(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean has(String key) {
        return fields.containsKey(key) && fields.get(key) != null;
    }

    public String string(String key) throws JsonException {
        return (String) require(key, String.class, "a string");
    }

    public String optionalString(String key) throws JsonException {
        return has(key) ? string(key) : null;
    }

    public long longValue(String key) throws JsonException {
        Object value = require(key, Long.class, "an integer");
        return (Long) value;
    }

    public Long optionalLong(String key) throws JsonException {
        return has(key) ? longValue(key) : null;
    }

    public JsonObject object(String key) throws JsonException {
        return new JsonObject((Map<?, ?>) require(key, Map.class, "an object"));
    }

    public List<?> array(String key) throws JsonException {
        return (List<?>) require(key, List.class, "an array");
    }

    /** The fields as the engine parsed them (for engines writing a tree back). */
    public Map<?, ?> asMap() {
        return fields;
    }

    private Object require(String key, Class<?> type, String expected) throws JsonException {
        Object value = fields.get(key);
        if (value == null) {
            throw new JsonException(JsonException.Problem.MISSING_FIELD,
                    "missing field '" + key + "' (expected " + expected + ")");
        }
        if (!type.isInstance(value)) {
            throw new JsonException(JsonException.Problem.WRONG_TYPE,
                    "field '" + key + "' must be " + expected + ", got " + Json.typeName(value));
        }
        return value;
    }

    @Override
    public String toString() {
        return Json.write(fields);
    }

    /** Builds an object whose keys are written in the order they were put; null values are left out. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String key, Object value) {
            if (value != null) {
                fields.put(key, value);
            }
            return this;
        }

        public Map<String, Object> build() {
            return fields;
        }

        public String write() {
            return Json.write(fields);
        }

        public String write(JsonEngine engine) {
            return engine.write(fields);
        }
    }
}
