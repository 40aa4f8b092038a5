package dev.entangle.web.api;

import dev.entangle.core.json.JsonException;
import dev.entangle.core.patch.PatchException;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.LocalSnapshot;
import dev.entangle.core.sync.MutationRefused;
import dev.entangle.core.sync.Mutators;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.core.sync.SyncEngine;
import dev.entangle.core.sync.SyncError;
import dev.entangle.web.devtools.Devtools;
import dev.entangle.web.devtools.Inspectable;
import dev.entangle.web.devtools.Report;
import dev.entangle.web.json.BrowserJson;
import dev.entangle.web.net.HttpSync;
import dev.entangle.web.net.SyncLink;
import dev.entangle.web.net.WebSocketSync;
import dev.entangle.web.net.WebSocketTransport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;
import org.teavm.jso.function.JSConsumer;

/**
 * The page's sync client: a {@link SyncEngine} on a {@link SyncLink} (the WebSocket, falling back
 * to HTTP + server-sent events when it never gets through), its state kept in IndexedDB.
 */
final class BrowserSyncClient implements SyncClient, SyncEngine.Listener, SyncLink.Events, Inspectable {

    /** Settings read from {@code Entangle.sync}'s options. */
    record Settings(List<String> urls, String clientId, String room, Supplier<String> token, List<String> types,
            String transport, boolean persist, String store, ConflictResolutionStrategy strategy,
            FlushEngine.Settings flush, Mutators mutators, boolean debug, Abort abort) {
    }

    private static final class Settle {
        final JSConsumer<JSObject> resolve;
        final JSConsumer<Object> reject;

        Settle(JSConsumer<JSObject> resolve, JSConsumer<Object> reject) {
            this.resolve = resolve;
            this.reject = reject;
        }
    }

    private final Settings settings;
    private final SyncEngine engine;
    private final Map<Long, Settle> settles = new HashMap<>();
    private final Map<String, BrowserCollection> collections = new HashMap<>();
    private final Set<String> clients = new LinkedHashSet<>();
    private SyncLink link;
    private final SyncStore store; // null with persist: false
    private final PageEvents events = new PageEvents("connecting", "status", "clients", "stalled");
    private boolean saveScheduled;
    // Fields and method aliases share one minified namespace in TeaVM's JS build: one named 'on'
    // would hide the exported method on(...). LifecycleE2ETest checks every exported method; when a
    // new field trips it, fold state into an existing field, as 'destroyed' lives in the status.

    private BrowserSyncClient(Settings settings, SyncStore store, LocalSnapshot stored) {
        this.settings = settings;
        this.store = store;
        String replicaId = stored != null ? stored.replicaId() : "r-" + Js.randomId();
        SyncEngine.Transport viaLink = new SyncEngine.Transport() {
            @Override
            public void push(List<PushedOperation> batch, Consumer<List<OperationResult>> answered,
                    Consumer<String> failed) {
                link.push(batch, answered, failed);
            }

            @Override
            public void pull(long from) {
                link.pull(from);
            }
        };
        this.engine = new SyncEngine(replicaId, settings.mutators(), viaLink, (delay, task) -> {
            int timer = Window.setTimeout(task::run, (int) delay);
            return () -> Window.clearTimeout(timer);
        }, () -> (long) WebSocketTransport.nowMillis(), settings.strategy(), settings.flush(), this);
        if (stored != null) {
            try {
                engine.restore(stored);
            } catch (PatchException e) {
                Js.warn("Entangle.sync: the local store could not be read back (" + e.getMessage() + "); starting afresh");
            }
        }
        this.link = settings.transport().equals("http") ? httpLink() : webSocketLink();
    }

    /**
     * Reads the local store (unless {@code persist: false}), then connects; resolves once the local
     * state shows. {@code abort} (the {@code signal} option) rejects it when it aborts first, and
     * destroys the client whenever it aborts.
     */
    static JSPromise<SyncClient> start(Settings settings) {
        Abort abort = settings.abort();
        return new JSPromise<>((resolve, reject) -> {
            if (abort != null && abort.aborted()) {
                reject.accept(abort.reason());
                return;
            }
            Consumer<BrowserSyncClient> started = client -> {
                if (abort != null) {
                    if (abort.aborted()) { // while the store was read
                        client.destroy();
                        reject.accept(abort.reason());
                        return;
                    }
                    abort.onAbort(client::destroy);
                }
                resolve.accept(client.go());
            };
            if (abort != null) {
                abort.onAbort(() -> reject.accept(abort.reason()));
            }
            if (!settings.persist()) {
                started.accept(new BrowserSyncClient(settings, null, null));
                return;
            }
            SyncStore.open(settings.room(), settings.store(),
                    (store, stored) -> started.accept(new BrowserSyncClient(settings, store, stored)));
        });
    }

    private BrowserSyncClient go() {
        Devtools.register(this);
        link.start();
        return this;
    }

    private SyncLink webSocketLink() {
        return new WebSocketSync(settings.urls(), settings.clientId(), settings.room(), settings.token(),
                engine, settings.types(), settings.debug(), this);
    }

    private SyncLink httpLink() {
        return new HttpSync(settings.urls(), settings.room(), settings.token(), engine::replicaId,
                () -> engine.coordinator().serverSeq(), settings.types(), this);
    }

    // --- the page's API

    @Override
    public JSPromise<JSObject> mutate(JSObject name, JSObject args) {
        if (!"string".equals(Js.typeOf(name))) {
            return JSPromise.reject(Js.typeError("client.mutate(name, args): name must be a string, got "
                    + Js.describe(name)));
        }
        if (destroyed()) {
            return JSPromise.reject(Js.error("client.mutate: the client was destroyed"));
        }
        long clientSeq;
        try {
            clientSeq = engine.mutate(((JSString) name).stringValue(), JsMutator.fromJs(args));
        } catch (MutationRefused e) {
            return JSPromise.reject(Js.codedError(e.code(), e.getMessage()));
        }
        return new JSPromise<>((resolve, reject) -> settles.put(clientSeq, new Settle(resolve, reject)));
    }

    @Override
    public void register(JSObject name, JSObject fn) {
        if (!"string".equals(Js.typeOf(name)) || !"function".equals(Js.typeOf(fn))) {
            Js.throwTypeError("client.register(name, fn): a string and a function, got " + Js.describe(name) + ", "
                    + Js.describe(fn));
            return;
        }
        settings.mutators().register(((JSString) name).stringValue(), new JsMutator(fn));
    }

    @Override
    public SyncCollection collection(JSObject type) {
        if (!"string".equals(Js.typeOf(type))) {
            Js.throwTypeError("client.collection(type): type must be a string, got " + Js.describe(type));
            return null;
        }
        return collections.computeIfAbsent(((JSString) type).stringValue(), t -> new BrowserCollection(t, this));
    }

    @Override
    public JSObject getState() {
        return JsMutator.toJs(engine.state().toJson());
    }

    @Override
    public Unsubscribe onStateChange(JSObject listener) {
        requireFunction("client.onStateChange", listener);
        Runnable off = engine.coordinator().onStateChange(s -> Js.call(listener,
                SyncJs.status(s.serverSeq(), s.pending(), s.awaitingPull())));
        return off::run;
    }

    @Override
    public Unsubscribe onApplyDelta(JSObject listener) {
        requireFunction("client.onApplyDelta", listener);
        Runnable off = engine.coordinator().onApplyDelta(d -> Js.call(listener,
                SyncJs.applied(d.serverSeq(), d.prevServerSeq(), d.full())));
        return off::run;
    }

    @Override
    public Unsubscribe onRollback(JSObject listener) {
        requireFunction("client.onRollback", listener);
        Runnable off = engine.coordinator().onRollback(r -> Js.call(listener, SyncJs.rollback(r.clientSeq(),
                r.info() == null ? null : r.info().name(), r.info() == null ? null : JsMutator.toJs(r.info().args()),
                r.error().code(), r.error().message())));
        return off::run;
    }

    @Override
    public Unsubscribe on(JSObject event, JSObject listener) {
        return events.on(event, listener);
    }

    @Override
    public void pause() {
        engine.flush().pause();
    }

    @Override
    public void resume() {
        engine.flush().resume();
    }

    @Override
    public void destroy() {
        if (!destroyed()) {
            setStatus("closed"); // first: the client counts as destroyed from here on
            if (settings.abort() != null) {
                settings.abort().forget();
            }
            engine.flush().destroy();
            link.stop();
            Devtools.unregister(this);
            save();
        }
    }

    /** Destroyed (by the page, its signal, or a newer connection of the same client id): final. */
    private boolean destroyed() {
        return events.status().equals("closed") || events.status().equals("replaced");
    }

    @Override
    public void close() {
        destroy();
    }

    // --- what the devtools panel shows

    @Override
    public String label() {
        return settings.clientId();
    }

    @Override
    public void tap(WebSocketTransport.Tap tap) {
        link.tap(tap);
    }

    @Override
    public void describe(Report report) {
        report.client("sync " + settings.clientId() + " @ " + settings.room())
                .table("Connection", "status", "transport", "hub", "state version", "pending")
                .row(events.status(), link.name(), link.url(), String.valueOf(engine.coordinator().serverSeq()),
                        String.valueOf(engine.coordinator().status().pending()));
        report.table("Peers", "client");
        for (String peer : clients) {
            report.row(peer);
        }
        Set<Long> queued = new java.util.HashSet<>();
        for (PushedOperation op : engine.flush().getQueuedChanges()) {
            queued.add(op.id());
        }
        report.table("Pending named operations", "seq", "name", "args", "state");
        for (dev.entangle.core.sync.PendingMutation pending : engine.coordinator().getPendingPatches()) {
            report.row(String.valueOf(pending.clientSeq()), pending.info() == null ? "" : pending.info().name(),
                    pending.info() == null ? "" : BrowserJson.ENGINE.write(pending.info().args()),
                    pending.confirmed() ? "confirmed, awaiting its delta"
                            : queued.contains(pending.clientSeq()) ? "queued" : "sent, awaiting the hub");
        }
    }

    @Override
    public JSObject getQueuedChanges() {
        List<Object> out = new ArrayList<>();
        for (PushedOperation op : engine.flush().getQueuedChanges()) {
            Map<String, Object> item = new java.util.LinkedHashMap<>();
            item.put("id", op.id());
            item.put("name", op.name());
            item.put("args", op.args());
            item.put("clientId", op.clientId());
            item.put("timestamp", op.timestamp());
            out.add(item);
        }
        return JsMutator.toJs(out);
    }

    @Override
    public JSObject backup() {
        return SyncJs.blob(BrowserJson.ENGINE.write(engine.snapshot().toJson()));
    }

    @Override
    public JSPromise<JSObject> restore(JSObject backup) {
        return new JSPromise<>((resolve, reject) -> SyncJs.readText(backup, text -> {
            try {
                engine.restore(LocalSnapshot.fromJson(BrowserJson.ENGINE.parse(text)));
            } catch (JsonException | IllegalArgumentException | PatchException e) {
                reject.accept(Js.error("client.restore: not a backup of Entangle: " + e.getMessage()));
                return;
            }
            // Follow the hub as the restored replica, from the version it holds.
            link.stop();
            link = link instanceof HttpSync ? httpLink() : webSocketLink();
            link.start();
            save();
            resolve.accept(null);
        }, error -> reject.accept(error))); // a lambda, not reject::accept: see Devtools.View.tap
    }

    @Override
    public String getStatus() {
        return events.status();
    }

    @Override
    public String getUrl() {
        return link.url();
    }

    @Override
    public String getTransport() {
        return link.name();
    }

    @Override
    public int getPending() {
        return engine.coordinator().getPendingPatches().size();
    }

    @Override
    public double getStateVersion() {
        return engine.coordinator().serverSeq();
    }

    @Override
    public JSObject getClients() {
        return Js.split(String.join("\u0000", clients));
    }

    SyncEngine engine() {
        return engine;
    }

    // --- what the engine and the link report

    @Override
    public void changed(Set<String> types) {
        for (String type : types) {
            BrowserCollection collection = collections.get(type);
            if (collection != null) {
                collection.changed();
            }
        }
    }

    @Override
    public void settled(long clientSeq, SyncError error) {
        Settle settle = settles.remove(clientSeq);
        if (settle == null) {
            return; // an operation of an earlier page, restored from the local store
        }
        if (error == null) {
            settle.resolve.accept(SyncJs.confirmed(clientSeq));
        } else {
            settle.reject.accept(Js.codedError(error.code(), error.message()));
        }
    }

    @Override
    public void stalled(String reason) {
        emit("stalled", SyncJs.reason(reason));
    }

    @Override
    public void dirty() {
        if (settings.persist() && !saveScheduled && !destroyed()) {
            saveScheduled = true;
            Js.queueMicrotask(this::save);
        }
    }

    private void save() {
        saveScheduled = false;
        if (store != null) {
            store.save(engine.snapshot());
        }
    }

    @Override
    public void online() {
        if (destroyed()) {
            return;
        }
        setStatus("online");
        engine.connected();
    }

    @Override
    public void offline() {
        if (destroyed()) {
            return;
        }
        setStatus("offline");
    }

    @Override
    public void delta(ServerDelta delta) {
        engine.received(delta);
    }

    @Override
    public void verdict(OperationResult result) {
        engine.settled(result);
    }

    @Override
    public void presence(String clientId, boolean connected) {
        boolean changed = connected ? clients.add(clientId) : clients.remove(clientId);
        if (changed) {
            emit("clients", getClients());
        }
    }

    @Override
    public void unreachable() {
        if (settings.transport().equals("auto") && link instanceof WebSocketSync) {
            Js.warn("Entangle.sync: the WebSocket does not get through; falling back to HTTP and server-sent events");
            link.stop();
            link = httpLink();
            link.start();
        }
    }

    @Override
    public void replaced(String message) {
        Js.warn("Entangle.sync: replaced: " + message);
        emit("stalled", SyncJs.reason(dev.entangle.core.protocol.ErrorCode.REPLACED.wire() + ": " + message));
        destroy();
        setStatus("replaced");
    }

    @Override
    public void refused(String code, String message) {
        Js.warn("Entangle.sync: the hub refused: " + code + ": " + message);
    }

    private void setStatus(String next) {
        events.setStatus(next);
    }

    private void emit(String event, JSObject detail) {
        events.emit(event, detail);
    }

    private static void requireFunction(String call, JSObject listener) {
        if (!"function".equals(Js.typeOf(listener))) {
            Js.throwTypeError(call + ": listener must be a function, got " + Js.describe(listener));
        }
    }
}
