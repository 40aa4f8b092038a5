package dev.entangle.web.api;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.sync.MutationRefused;
import dev.entangle.core.sync.Mutator;
import dev.entangle.core.sync.Transaction;
import dev.entangle.web.json.BrowserJson;
import java.util.Map;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSString;

/** A page's mutator, {@code fn(tx, args)}: a JavaScript function run as a {@link Mutator}. */
final class JsMutator implements Mutator {
    private final JSObject function;

    JsMutator(JSObject function) {
        this.function = function;
    }

    @Override
    public void run(Transaction tx, Object args) throws MutationRefused {
        JsTransaction jsTx = new JsTransaction(tx);
        String thrown = call(function, jsTx, toJs(args));
        if (jsTx.refusal != null) {
            throw jsTx.refusal;
        }
        if (thrown != null) {
            throw new MutationRefused(thrown);
        }
    }

    /** A JSON tree as a JavaScript value (null stays null). */
    static JSObject toJs(Object tree) {
        return tree == null ? null : Js.parse(BrowserJson.ENGINE.write(tree));
    }

    /** A JavaScript value as a JSON tree (functions and undefined members are dropped, as JSON.stringify does). */
    static Object fromJs(JSObject value) throws MutationRefused {
        String text = stringify(value);
        if (text == null) {
            return null;
        }
        try {
            return BrowserJson.ENGINE.parse(text);
        } catch (JsonException e) {
            throw new MutationRefused("invalid_field", "not a JSON value: " + e.getMessage());
        }
    }

    @JSBody(params = "v", script = "try { var text = JSON.stringify(v); return text === undefined ? null : text; }"
            + " catch (error) { return null; }")
    static native String stringify(JSObject value);

    @JSBody(params = {"f", "tx", "args"}, script = "try { var returned = f(tx, args);"
            + " if (returned && typeof returned.then === 'function') return 'a mutator must not be async (it returned a promise)';"
            + " return null; } catch (error) { return String(error && error.message !== undefined ? error.message : error); }")
    private static native String call(JSObject function, TxApi tx, JSObject args);

    /** The {@code tx} object a page's mutator is handed. */
    private static final class JsTransaction implements TxApi {
        private final Transaction tx;
        MutationRefused refusal;

        JsTransaction(Transaction tx) {
            this.tx = tx;
        }

        @Override
        public JSObject get(JSObject type, JSObject id) {
            Object entity = tx.get(text(type, "type"), text(id, "id"));
            return entity == null ? null : withId(entity, text(id, "id"));
        }

        @Override
        public JSObject list(JSObject type) {
            return withIds(tx.list(text(type, "type")));
        }

        @Override
        public void put(JSObject type, JSObject id, JSObject entity) {
            try {
                tx.put(text(type, "type"), text(id, "id"), fromJs(entity));
            } catch (MutationRefused e) {
                stop(e);
            }
        }

        @Override
        public boolean delete(JSObject type, JSObject id) {
            try {
                return tx.delete(text(type, "type"), text(id, "id"));
            } catch (MutationRefused e) {
                stop(e);
                return false;
            }
        }

        @Override
        public void refuse(JSObject reason) {
            stop(new MutationRefused("string".equals(Js.typeOf(reason)) ? ((JSString) reason).stringValue()
                    : "refused"));
        }

        /** Remembers the refusal and stops the page's mutator (it may catch the error; the refusal stands). */
        private void stop(MutationRefused e) {
            refusal = e;
            Js.throwError(e.getMessage());
        }

        private String text(JSObject value, String what) {
            if (!"string".equals(Js.typeOf(value))) {
                stop(new MutationRefused("invalid_field", "tx: " + what + " must be a string, got " + Js.describe(value)));
            }
            return ((JSString) value).stringValue();
        }
    }

    /** A copy of {@code entity} as a JavaScript object with its {@code id}. */
    static JSObject withId(Object entity, String id) {
        return toJs(withIdTree(entity, id));
    }

    /** Entities by id as a JavaScript array of copies, each with its {@code id}. */
    static JSObject withIds(Map<String, Object> entities) {
        java.util.List<Object> out = new java.util.ArrayList<>();
        entities.forEach((id, entity) -> out.add(withIdTree(entity, id)));
        return toJs(out);
    }

    private static Object withIdTree(Object entity, String id) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("id", id);
        if (entity instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(Json.key(k), v));
        }
        return out;
    }
}
