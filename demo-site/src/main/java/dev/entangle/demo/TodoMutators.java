package dev.entangle.demo;

import dev.entangle.core.sync.MutationRefused;
import dev.entangle.core.sync.MutatorSet;
import dev.entangle.core.sync.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hub's side of the demo site's shared todos ({@code todo.html}): the authoritative mutators
 * the page also runs optimistically, and the rule that a todo's title is not empty (at most 200
 * characters). The standalone hub finds them on its class path (this module's
 * {@code META-INF/services} entry) and registers them; an app embedding the hub registers its own
 * (or these, with {@code config.register(new TodoMutators())}).
 * Their positional parameters are named too, so an operation-sync contract client
 * ({@code ModernSyncEngine}) calls them as {@code executeOperation("addTodo", ["milk"])} and
 * {@code executeOperation("completeTodo", ["t-1"])}.
 */
public final class TodoMutators implements MutatorSet {
    public static final int MAX_TITLE = 200;

    /** Public and without arguments: {@link java.util.ServiceLoader} makes the standalone hub's instance. */
    public TodoMutators() {
    }

    @Override
    public void register(Registry registry) {
        registry.mutator("addTodo", (tx, args) -> {
            long order = 0;
            for (Object todo : tx.list("todo").values()) {
                order = Math.max(order, orderOf(todo));
            }
            // The hub names a todo added without an id; it runs once, and its result is what replicas get.
            String id = args instanceof Map<?, ?> map && map.get("id") == null ? "t-" + UUID.randomUUID() : text(args, "id");
            tx.put("todo", id, todo(text(args, "title"), false, order + 1));
        });
        registry.mutator("toggleTodo", (tx, args) -> setDone(tx, text(args, "id"), flag(args, "done")));
        registry.mutator("completeTodo", (tx, args) -> setDone(tx, text(args, "id"), true));
        registry.mutator("renameTodo", (tx, args) -> {
            Map<?, ?> todo = (Map<?, ?>) tx.get("todo", text(args, "id"));
            if (todo != null) {
                tx.put("todo", text(args, "id"), todo(text(args, "title"), Boolean.TRUE.equals(todo.get("done")),
                        orderOf(todo)));
            }
        });
        registry.mutator("moveTodo", TodoMutators::move);
        registry.mutator("deleteTodo", (tx, args) -> tx.delete("todo", text(args, "id")));
        registry.parameters("addTodo", "title", "id")
                .parameters("toggleTodo", "id", "done")
                .parameters("completeTodo", "id")
                .parameters("renameTodo", "id", "title")
                .parameters("moveTodo", "id", "by")
                .parameters("deleteTodo", "id");
        registry.entityRule("todo", (id, entity) -> {
            Object title = ((Map<?, ?>) entity).get("title");
            if (!(title instanceof String s) || s.isBlank()) {
                return "a todo needs a title";
            }
            return s.length() > MAX_TITLE ? "a title has at most " + MAX_TITLE + " characters" : null;
        });
    }

    private static void setDone(Transaction tx, String id, boolean done) throws MutationRefused {
        Map<?, ?> todo = (Map<?, ?>) tx.get("todo", id);
        if (todo != null) {
            tx.put("todo", id, todo((String) todo.get("title"), done, orderOf(todo)));
        }
    }

    /** Swaps the todo's place with its neighbour {@code by} (-1 up, +1 down) in the list's order. */
    private static void move(Transaction tx, Object args) throws MutationRefused {
        String id = text(args, "id");
        long by = args instanceof Map<?, ?> map && map.get("by") instanceof Number n ? n.longValue() : 0;
        List<Map.Entry<String, Object>> list = new ArrayList<>(tx.list("todo").entrySet());
        list.sort(Comparator.comparingLong(e -> orderOf(e.getValue())));
        int at = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).getKey().equals(id)) {
                at = i;
            }
        }
        int to = at + (int) by;
        if (at < 0 || to < 0 || to >= list.size()) {
            return;
        }
        Map<?, ?> todo = (Map<?, ?>) list.get(at).getValue();
        Map<?, ?> other = (Map<?, ?>) list.get(to).getValue();
        tx.put("todo", id, todo((String) todo.get("title"), Boolean.TRUE.equals(todo.get("done")), orderOf(other)));
        tx.put("todo", list.get(to).getKey(), todo((String) other.get("title"), Boolean.TRUE.equals(other.get("done")),
                orderOf(todo)));
    }

    private static Map<String, Object> todo(String title, boolean done, long order) {
        Map<String, Object> todo = new LinkedHashMap<>();
        todo.put("title", title);
        todo.put("done", done);
        todo.put("order", order);
        return todo;
    }

    private static long orderOf(Object todo) {
        return todo instanceof Map<?, ?> map && map.get("order") instanceof Number n ? n.longValue() : 0;
    }

    private static String text(Object args, String key) throws MutationRefused {
        if (args instanceof Map<?, ?> map && map.get(key) instanceof String value) {
            return value;
        }
        throw new MutationRefused("invalid_field", "the arguments need a string '" + key + "'");
    }

    private static boolean flag(Object args, String key) throws MutationRefused {
        if (args instanceof Map<?, ?> map && map.get(key) instanceof Boolean value) {
            return value;
        }
        throw new MutationRefused("invalid_field", "the arguments need true or false '" + key + "'");
    }
}
