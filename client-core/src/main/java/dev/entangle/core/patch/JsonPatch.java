package dev.entangle.core.patch;

import dev.entangle.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Patch (RFC 6902) over the trees of {@link dev.entangle.core.json.JsonEngine}: {@code add},
 * {@code remove}, {@code replace}, {@code move}, {@code copy} and {@code test}. A patch is applied
 * to a copy: it either succeeds as a whole or throws and leaves the document as it was. Applying
 * also yields the inverse patch, which turns the result back into the document it was applied to.
 */
public final class JsonPatch {

    /** One operation; {@code value} counts only when {@code hasValue} (a JSON null is a value). */
    public record Operation(String op, JsonPointer path, JsonPointer from, Object value, boolean hasValue) {

        public static Operation add(JsonPointer path, Object value) {
            return new Operation("add", path, null, value, true);
        }

        public static Operation remove(JsonPointer path) {
            return new Operation("remove", path, null, null, false);
        }

        public static Operation replace(JsonPointer path, Object value) {
            return new Operation("replace", path, null, value, true);
        }

        /** The operation as a JSON tree, as RFC 6902 writes it. */
        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("op", op);
            if (from != null) {
                out.put("from", from.toString());
            }
            out.put("path", path.toString());
            if (hasValue) {
                out.put("value", value);
            }
            return out;
        }
    }

    /** The patched document, and the patch that turns it back into the original. */
    public record Applied(Object document, List<Operation> inverse) {
    }

    private JsonPatch() {
    }

    /** The operations of a patch given as a JSON tree (an array of operation objects). */
    public static List<Operation> parse(Object patch) throws PatchException {
        if (!(patch instanceof List<?> items)) {
            throw new PatchException("a patch must be an array of operations");
        }
        List<Operation> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new PatchException("each operation must be an object");
            }
            String op = text(map, "op");
            JsonPointer path = JsonPointer.parse(text(map, "path"));
            // Not a switch on the string: see CoreKinds.readHubKind.
            if (op.equals("add") || op.equals("replace") || op.equals("test")) {
                if (!map.containsKey("value")) {
                    throw new PatchException("'" + op + "' at " + path + " needs a value");
                }
                out.add(new Operation(op, path, null, map.get("value"), true));
            } else if (op.equals("remove")) {
                out.add(new Operation(op, path, null, null, false));
            } else if (op.equals("move") || op.equals("copy")) {
                out.add(new Operation(op, path, JsonPointer.parse(text(map, "from")), null, false));
            } else {
                throw new PatchException("unknown operation '" + op + "'");
            }
        }
        return out;
    }

    /** The patch as a JSON tree. */
    public static List<Object> toJson(List<Operation> patch) {
        List<Object> out = new ArrayList<>();
        for (Operation op : patch) {
            out.add(op.toJson());
        }
        return out;
    }

    /** Applies {@code patch} to a copy of {@code document}; {@code document} itself is never changed. */
    public static Applied apply(Object document, List<Operation> patch) throws PatchException {
        Object[] root = {copy(document)};
        List<Operation> inverse = new ArrayList<>();
        for (Operation op : patch) {
            inverse.addAll(0, applyOne(root, op)); // undone last-first
        }
        return new Applied(root[0], inverse);
    }

    /**
     * Applies {@code patch} to {@code document} itself, without copying the document first (values
     * the patch brings in are still copied). On failure the operations already applied are undone,
     * so the document is as it was; the result's document is {@code document} unless the patch put
     * a new one at the root. For a store that applies many small patches to one large document.
     */
    public static Applied applyInPlace(Object document, List<Operation> patch) throws PatchException {
        Object[] root = {document};
        List<Operation> inverse = new ArrayList<>();
        try {
            for (Operation op : patch) {
                inverse.addAll(0, applyOne(root, op));
            }
        } catch (PatchException e) {
            for (Operation undo : inverse) {
                if (undo.path().isRoot()) {
                    root[0] = undo.value(); // the very document the caller holds, not a copy of it
                } else {
                    applyOne(root, undo); // undoes what this very call did: cannot fail
                }
            }
            throw e;
        }
        return new Applied(root[0], inverse);
    }

    /** Applies one operation to {@code root[0]} in place; returns the operations that undo it, in order. */
    private static List<Operation> applyOne(Object[] root, Operation op) throws PatchException {
        String name = op.op(); // not a switch on the string: see CoreKinds.readHubKind
        if (name.equals("add")) {
            return add(root, op.path(), op.value());
        }
        if (name.equals("remove")) {
            return remove(root, op.path());
        }
        if (name.equals("replace")) {
            return replace(root, op.path(), op.value());
        }
        if (name.equals("move")) {
            if (op.from().equals(op.path())) {
                return List.of();
            }
            if (op.from().isProperPrefixOf(op.path())) {
                throw new PatchException("cannot move " + op.from() + " into its own child " + op.path());
            }
            Object value = op.from().resolve(root[0]);
            List<Operation> undoRemove = remove(root, op.from());
            List<Operation> undo = new ArrayList<>(add(root, op.path(), value));
            undo.addAll(undoRemove);
            return undo;
        }
        if (name.equals("copy")) {
            return add(root, op.path(), copy(op.from().resolve(root[0])));
        }
        // test
        if (!same(op.path().resolve(root[0]), op.value())) {
            throw new PatchException("test failed: the value at " + op.path() + " differs");
        }
        return List.of();
    }

    private static List<Operation> add(Object[] root, JsonPointer path, Object value) throws PatchException {
        if (path.isRoot()) {
            return replaceDocument(root, value);
        }
        Object parent = path.parent().resolve(root[0]);
        String token = path.last();
        if (parent instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) map;
            boolean existed = members.containsKey(token);
            Object old = members.put(token, copy(value));
            return List.of(existed ? Operation.replace(path, old) : Operation.remove(path));
        }
        if (parent instanceof List<?> raw) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) raw;
            int index = token.equals("-") ? list.size() : JsonPointer.index(token, list.size());
            list.add(index, copy(value));
            return List.of(Operation.remove(path.parent().child(Integer.toString(index))));
        }
        throw new PatchException(path.parent() + " is not an object or an array");
    }

    /** {@code add} and {@code replace} at {@code ""} both put a new document in place of the old one. */
    private static List<Operation> replaceDocument(Object[] root, Object value) {
        Object old = root[0];
        root[0] = copy(value);
        return List.of(Operation.replace(JsonPointer.ROOT, old));
    }

    private static List<Operation> remove(Object[] root, JsonPointer path) throws PatchException {
        if (path.isRoot()) {
            throw new PatchException("cannot remove the whole document");
        }
        Object parent = path.parent().resolve(root[0]);
        String token = path.last();
        if (parent instanceof Map<?, ?> map) {
            if (!map.containsKey(token)) {
                throw new PatchException("no member '" + token + "' to remove at " + path.parent());
            }
            return List.of(Operation.add(path, map.remove(token)));
        }
        if (parent instanceof List<?> list) {
            int index = JsonPointer.index(token, list.size() - 1);
            return List.of(Operation.add(path.parent().child(Integer.toString(index)), list.remove(index)));
        }
        throw new PatchException(path.parent() + " is not an object or an array");
    }

    private static List<Operation> replace(Object[] root, JsonPointer path, Object value) throws PatchException {
        if (path.isRoot()) {
            return replaceDocument(root, value);
        }
        Object parent = path.parent().resolve(root[0]);
        String token = path.last();
        if (parent instanceof Map<?, ?> map) {
            if (!map.containsKey(token)) {
                throw new PatchException("no member '" + token + "' to replace at " + path.parent());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) map;
            return List.of(Operation.replace(path, members.put(token, copy(value))));
        }
        if (parent instanceof List<?> raw) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) raw;
            int index = JsonPointer.index(token, list.size() - 1);
            return List.of(Operation.replace(path.parent().child(Integer.toString(index)), list.set(index, copy(value))));
        }
        throw new PatchException(path.parent() + " is not an object or an array");
    }

    /** A deep copy: maps and lists are new, everything else is immutable. */
    public static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(Json.key(e.getKey()), copy(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(copy(item));
            }
            return out;
        }
        return value;
    }

    /** JSON equality: numbers by value (1 equals 1.0), objects regardless of member order. */
    public static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return (x instanceof Long && y instanceof Long) ? x.longValue() == y.longValue()
                    : x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        // A string, number or boolean: each compared by its own type's equals, never Object's (see
        // dev.entangle.core.json.Names for what an equals on any Object costs the browser build).
        if (a instanceof String text) {
            return text.equals(b);
        }
        if (a instanceof Number number) {
            return number.equals(b);
        }
        if (a instanceof Boolean flag) {
            return flag.equals(b);
        }
        return a == b;
    }

    private static String text(Map<?, ?> map, String key) throws PatchException {
        if (!(map.get(key) instanceof String s)) {
            throw new PatchException("an operation needs a string '" + key + "'");
        }
        return s;
    }
}
