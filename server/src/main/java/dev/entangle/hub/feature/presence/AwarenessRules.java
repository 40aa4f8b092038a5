package dev.entangle.hub.feature.presence;

import dev.entangle.core.json.Json;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.hub.HubStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of {@code presence} and {@code cursor} frames (docs/MULTIPLAYER.md, "Presence" and
 * "Cursors"): pure functions of the frame's fields and the sender's current state, each refusal
 * with its stable code.
 */
final class AwarenessRules {
    /** Keys only the hub sets: never in a client's {@code state}. */
    static final Set<String> HUB_KEYS = Set.of("clientId", "lastActive", "cursor");
    /** Fields only the hub sends in a {@code presence} frame. */
    private static final List<String> HUB_PRESENCE_FIELDS = List.of("clientId", "lastActive", "cursor", "left");
    /** Well-known state keys: strings of at most this many characters. */
    private static final Map<String, Integer> STRING_KEYS = Map.of("status", 64, "name", 64, "color", 64, "avatar", 512);
    static final int MAX_KEYS = 32;
    static final int MAX_STATE_BYTES = 2_048;
    private static final double MIN_COORDINATE = -1;
    private static final double MAX_COORDINATE = 2;

    private AwarenessRules() {
    }

    /** A frame refused: its code and why. */
    static final class Refusal extends Exception {
        final ErrorCode code;

        Refusal(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** What a {@code presence} frame asks: keys to merge into the state (null: remove; none: empty), and whether it is the user's own activity. */
    record PresenceChange(Map<String, Object> state, boolean active) {
    }

    /** The change a client's {@code presence} frame asks for, once its fields pass the checks that need no state. */
    static PresenceChange presence(Map<String, Object> fields) throws Refusal {
        for (String field : HUB_PRESENCE_FIELDS) {
            if (fields.containsKey(field)) {
                throw new Refusal(ErrorCode.INVALID_FIELD, "'" + field + "' of a presence is the hub's to set, not a client's");
            }
        }
        Object active = fields.getOrDefault("active", Boolean.TRUE);
        if (!(active instanceof Boolean)) {
            throw new Refusal(ErrorCode.INVALID_FIELD, "active must be true or false, got " + Json.typeName(active));
        }
        if (!fields.containsKey("state")) {
            return new PresenceChange(Map.of(), (Boolean) active);
        }
        if (!(fields.get("state") instanceof Map<?, ?> state)) {
            throw new Refusal(ErrorCode.INVALID_FIELD, "state must be an object, got " + Json.typeName(fields.get("state")));
        }
        Map<String, Object> change = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : state.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (HUB_KEYS.contains(key)) {
                throw new Refusal(ErrorCode.INVALID_FIELD, "state." + key + " is the hub's to set, not a client's");
            }
            Integer maxLength = STRING_KEYS.get(key);
            if (maxLength != null && value != null) {
                if (!(value instanceof String s)) {
                    throw new Refusal(ErrorCode.INVALID_FIELD, "state." + key + " must be a string, got "
                            + Json.typeName(value));
                }
                int length = s.codePointCount(0, s.length());
                if (length > maxLength) {
                    throw new Refusal(ErrorCode.INVALID_FIELD, "state." + key + " may be at most " + maxLength
                            + " characters, got " + length);
                }
            }
            change.put(key, value);
        }
        return new PresenceChange(change, (Boolean) active);
    }

    /** {@code current} with {@code change} merged in (a null removes its key), once within the limits. */
    static Map<String, Object> merge(Map<String, Object> current, Map<String, Object> change) throws Refusal {
        if (change.isEmpty()) {
            return current;
        }
        Map<String, Object> merged = new LinkedHashMap<>(current);
        change.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        if (merged.size() > MAX_KEYS) {
            throw new Refusal(ErrorCode.LIMIT_REACHED, "a presence holds at most " + MAX_KEYS + " keys, this one would hold "
                    + merged.size());
        }
        int bytes = HubStats.utf8Length(Json.write(merged));
        if (bytes > MAX_STATE_BYTES) {
            throw new Refusal(ErrorCode.FRAME_TOO_LARGE, "a presence is at most " + MAX_STATE_BYTES
                    + " bytes encoded, this one would be " + bytes);
        }
        return Collections.unmodifiableMap(merged);
    }

    /** The cursor a client's {@code cursor} frame gives, as relayed (its {@code area}, and {@code x}, {@code y} when in it). */
    static Map<String, Object> cursor(Map<String, Object> fields) throws Refusal {
        if (fields.containsKey("clientId")) {
            throw new Refusal(ErrorCode.INVALID_FIELD, "'clientId' of a cursor is the hub's to set, not a client's");
        }
        Object area = fields.get("area");
        String problem = area instanceof String s ? Identifiers.problemWithId(s) : "must be a string, got "
                + Json.typeName(area);
        if (problem != null) {
            throw new Refusal(ErrorCode.INVALID_FIELD, "area " + problem);
        }
        Map<String, Object> cursor = new LinkedHashMap<>();
        cursor.put("area", area);
        boolean hasX = fields.get("x") != null;
        if (hasX != (fields.get("y") != null)) {
            throw new Refusal(ErrorCode.INVALID_FIELD, "a cursor has both x and y (in the area) or neither (it left the area)");
        }
        if (hasX) {
            cursor.put("x", coordinate("x", fields.get("x")));
            cursor.put("y", coordinate("y", fields.get("y")));
        }
        return Collections.unmodifiableMap(cursor);
    }

    private static Object coordinate(String name, Object value) throws Refusal {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < MIN_COORDINATE
                || n.doubleValue() > MAX_COORDINATE) {
            throw new Refusal(ErrorCode.INVALID_FIELD, name + " must be a finite number from " + (int) MIN_COORDINATE
                    + " to " + (int) MAX_COORDINATE + " (a fraction of the area), got " + value);
        }
        return value;
    }
}
