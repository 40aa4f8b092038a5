package dev.entangle.web.api;

import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/** One entity type of a {@link BrowserSyncClient}'s state. */
final class BrowserCollection implements SyncCollection {

    /** A subscriber, in a typed field (a JS function in a generic collection breaks on Wasm). */
    private static final class Subscriber {
        final JSObject function;

        Subscriber(JSObject function) {
            this.function = function;
        }
    }

    private final String type;
    private final BrowserSyncClient client;
    private final List<Subscriber> subscribers = new ArrayList<>();

    BrowserCollection(String type, BrowserSyncClient client) {
        this.type = type;
        this.client = client;
    }

    @Override
    public JSPromise<JSObject> upsert(JSObject id, JSObject entity) {
        if (!"string".equals(Js.typeOf(id)) || !"object".equals(Js.typeOf(entity))) {
            return JSPromise.reject(Js.typeError("collection.upsert(id, entity): a string and an object, got "
                    + Js.describe(id) + ", " + Js.describe(entity)));
        }
        return client.mutate(Js.string(dev.entangle.core.sync.Mutators.UPSERT),
                SyncJs.entityArgs(type, ((JSString) id).stringValue(), entity));
    }

    @Override
    public JSPromise<JSObject> delete(JSObject id) {
        if (!"string".equals(Js.typeOf(id))) {
            return JSPromise.reject(Js.typeError("collection.delete(id): a string, got " + Js.describe(id)));
        }
        return client.mutate(Js.string(dev.entangle.core.sync.Mutators.DELETE),
                SyncJs.idArgs(type, ((JSString) id).stringValue()));
    }

    @Override
    public JSObject findById(JSObject id) {
        if (!"string".equals(Js.typeOf(id))) {
            return null;
        }
        String key = ((JSString) id).stringValue();
        Object entity = client.engine().state().get(type, key);
        return entity == null ? null : JsMutator.withId(entity, key);
    }

    @Override
    public JSObject all() {
        return JsMutator.withIds(client.engine().state().entities(type));
    }

    @Override
    public JSObject where(JSObject predicate) {
        if (!"function".equals(Js.typeOf(predicate))) {
            Js.throwTypeError("collection.where(predicate): a function, got " + Js.describe(predicate));
        }
        return SyncJs.filter(all(), predicate);
    }

    @Override
    public JSObject orderBy(JSObject key, JSObject direction) {
        if (!"string".equals(Js.typeOf(key))) {
            Js.throwTypeError("collection.orderBy(key, direction): key must be a string, got " + Js.describe(key));
        }
        boolean descending = "string".equals(Js.typeOf(direction)) && ((JSString) direction).stringValue().equals("desc");
        return SyncJs.sorted(all(), ((JSString) key).stringValue(), descending);
    }

    @Override
    public Unsubscribe subscribe(JSObject listener) {
        if (!"function".equals(Js.typeOf(listener))) {
            Js.throwTypeError("collection.subscribe(listener): a function, got " + Js.describe(listener));
        }
        Subscriber subscriber = new Subscriber(listener);
        subscribers.add(subscriber);
        Js.call(listener, all());
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public int getSize() {
        return client.engine().state().entities(type).size();
    }

    void changed() {
        if (subscribers.isEmpty()) {
            return;
        }
        JSObject entities = all();
        for (Subscriber subscriber : List.copyOf(subscribers)) {
            Js.call(subscriber.function, entities);
        }
    }
}
