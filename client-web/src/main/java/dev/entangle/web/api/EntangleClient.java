package dev.entangle.web.api;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.session.ClientSession;
import dev.entangle.core.session.SessionListener;
import dev.entangle.web.devtools.Devtools;
import dev.entangle.web.devtools.Inspectable;
import dev.entangle.web.devtools.Report;
import dev.entangle.web.dom.ElementLink;
import dev.entangle.web.json.BrowserJson;
import dev.entangle.web.net.BrowserOutbox;
import dev.entangle.web.net.WebSocketTransport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.function.JSConsumer;

/** The page's client: a {@link ClientSession} on a self-healing WebSocket, plus its element links. */
final class EntangleClient implements Client, SessionListener, WebSocketTransport.Events, Inspectable {

    private final ClientSession session;
    private final WebSocketTransport transport;
    private final PageEvents events = new PageEvents("connecting", "status", "error", "synced", "unsynced",
            "presence", "cursor");
    private final List<ElementLink> links = new ArrayList<>();
    /** The other members of the room. */
    private final Set<String> peers = new LinkedHashSet<>();
    private final PersistentBindings persistent;
    private final PageTexts texts;
    private final Multiplayers multiplayer;
    private JSPromise<JSArray<Link>> restored;
    private JSConsumer<Client> resolveConnect;
    private JSConsumer<Object> rejectConnect;
    private boolean closed;
    private boolean replaced;
    private boolean unsynced;
    /** The connect call's signal, listened to until the client closes. */
    private Abort abort;

    EntangleClient(List<String> urls, String clientId, String room, Supplier<String> token, boolean keepOutbox,
            List<String> teams, Connect.Extras.Maker multiplayer) {
        this.transport = new WebSocketTransport(urls, this);
        this.session = new ClientSession(clientId, room, Js.randomId(), transport::send,
                () -> (long) WebSocketTransport.nowMillis(), this, BrowserJson.ENGINE);
        this.persistent = new PersistentBindings(room, clientId);
        this.texts = new PageTexts(session);
        session.useToken(token);
        session.useTeams(teams);
        session.coalesceFrames(task -> Js.queueMicrotask(task::run));
        this.multiplayer = multiplayer == null ? null : multiplayer.make(session, events, texts::isBound);
        if (keepOutbox) {
            BrowserOutbox outbox = new BrowserOutbox(room, clientId);
            outbox.attach(session);
            session.useOutbox(outbox);
        }
    }

    /**
     * Connects; the promise resolves once joined. {@code abort} (the {@code signal} option), when
     * it aborts before that, rejects it with the signal's reason; at any time it closes the client.
     */
    JSPromise<Client> start(Abort abort, boolean debug) {
        if (debug) {
            transport.debug("[entangle " + session.clientId() + "@" + session.room() + "]");
        }
        return new JSPromise<>((resolve, reject) -> {
            if (abort != null && abort.aborted()) {
                closed = true;
                reject.accept(abort.reason());
                return;
            }
            resolveConnect = resolve;
            rejectConnect = reject;
            Devtools.register(this);
            if (abort != null) {
                this.abort = abort;
                abort.onAbort(() -> {
                    failConnect(abort.reason());
                    close();
                });
            }
            transport.start();
        });
    }

    /** Rejects a connect still waiting for the hub (a later close or replacement has no promise left to tell). */
    private void failConnect(JSObject reason) {
        if (rejectConnect != null) {
            JSConsumer<Object> reject = rejectConnect;
            resolveConnect = null;
            rejectConnect = null;
            reject.accept(reason);
        }
    }

    @Override
    public String getStatus() {
        return events.status();
    }

    @Override
    public String getClientId() {
        return session.clientId();
    }

    @Override
    public String getRoom() {
        return session.room();
    }

    @Override
    public String getUrl() {
        return transport.url();
    }

    @Override
    public int getPending() {
        return session.pending();
    }

    @Override
    public Unsubscribe on(JSObject event, JSObject listener) {
        return events.on(event, listener);
    }

    @Override
    public JSPromise<Link> entangle(JSObject element, JSObject rawOptions) {
        return entangle("client.entangle", element, rawOptions, null, null);
    }

    @Override
    public JSPromise<JSArray<Link>> mesh(JSObject elements, JSObject members, JSObject rawOptions) {
        if (!Js.isArrayOf(elements, "Element")) {
            return JSPromise.reject(Js.typeError("client.mesh: elements must be a non-empty array of DOM Elements, got "
                    + Js.describe(elements)));
        }
        if (!Js.isArrayOf(members, "string")) {
            return JSPromise.reject(Js.typeError("client.mesh: members must be a non-empty array of client ids, got "
                    + Js.describe(members)));
        }
        String to = Js.joined(members, ",");
        JSArray<JSPromise<Link>> promises = new JSArray<>();
        JSArray<JSObject> list = (JSArray<JSObject>) elements;
        for (int i = 0; i < list.getLength(); i++) {
            promises.push(entangle("client.mesh", list.get(i), rawOptions, to, Mode.MESH));
        }
        return Js.all(promises);
    }

    private JSPromise<Link> entangle(String call, JSObject element, JSObject rawOptions, String forcedTo,
            Mode forcedMode) {
        BindingSpec spec;
        Abort abort;
        try { // only the checks of the arguments: see PageTexts.open
            if (element == null || !Js.isElement(element)) {
                throw new Options.BadOption(call + ": element must be a DOM Element, got "
                        + (element == null ? "undefined" : Js.describe(element)));
            }
            spec = BindingSpec.parse(call, element, rawOptions, forcedTo, forcedMode);
            abort = Abort.of(Options.ofOptional(call, rawOptions));
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
        String selector = spec.selector();
        if (closed) {
            return JSPromise.reject(Js.error(call + ": the client is closed"));
        }
        if (abort != null && abort.aborted()) {
            return JSPromise.reject(abort.reason());
        }
        if (session.isEntangled(selector)) {
            ElementLink existing = linkOf(selector);
            if (existing != null && existing.options().persistent() && spec.options().persistent()
                    && existing.element() == element) {
                return JSPromise.resolve(existing); // restored by itself after a reload: the same binding
            }
            return JSPromise.reject(Js.error(call + ": '" + selector + "' is already entangled"));
        }
        if (spec.options().persistent()) {
            persistent.remember(selector, Js.withSelector(rawOptions, selector, forcedTo, forcedMode == null
                    ? null : forcedMode.wire()));
        }
        return new JSPromise<>((resolve, reject) -> {
            ElementLink[] created = new ElementLink[1];
            Runnable forget = () -> { // the binding ended: a persistent one is not restored on the next page
                links.remove(created[0]);
                persistent.forget(selector);
            };
            created[0] = new ElementLink(session, element, selector, spec.options(), spec.children(),
                    () -> resolve.accept(created[0]),
                    (code, message) -> {
                        forget.run();
                        reject.accept(Js.error(call + ": " + code.wire() + ": " + message));
                    });
            created[0].whenDisentangled(() -> {
                forget.run();
                if (abort != null) {
                    abort.forget();
                }
            });
            if (abort != null) {
                abort.onAbort(() -> { // before the hub's answer: the promise rejects; after: the binding ends
                    reject.accept(abort.reason());
                    created[0].disentangle();
                });
            }
            links.add(created[0]);
            session.entangle(selector, spec.options(), created[0]);
        });
    }

    private ElementLink linkOf(String selector) {
        for (ElementLink link : links) {
            if (link.getSelector().equals(selector) && link.isActive()) {
                return link;
            }
        }
        return null;
    }

    @Override
    public JSPromise<JSArray<Link>> getRestored() {
        return restored;
    }

    @Override
    public JSObject getPeers() {
        return Js.split(String.join("\u0000", peers));
    }

    @Override
    public PresenceApi getPresence() {
        return multiplayer().presence();
    }

    @Override
    public ChatApi chat(JSObject name) {
        return multiplayer().chat(name);
    }

    @Override
    public ActivityApi getActivity() {
        return multiplayer().activity();
    }

    @Override
    public CursorsHandle cursors(JSObject container, JSObject options) {
        return multiplayer().cursors(container, options);
    }

    /** Presence, chat, activity and pointers: in the full entry only. */
    private Multiplayers multiplayer() {
        if (multiplayer == null) {
            Js.throwError("presence, chat, activity and cursors are not in the lite entry: import @entangle/client");
        }
        return multiplayer;
    }

    @Override
    public JSPromise<TextBinding> text(JSObject element, JSObject rawOptions) {
        return texts.open(element, rawOptions, closed);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        failConnect(Abort.error("Entangle.connect: the client was closed before it joined"));
        if (abort != null) {
            abort.forget();
        }
        for (ElementLink link : new ArrayList<>(links)) {
            link.disentangle();
        }
        links.clear();
        texts.closeAll();
        if (multiplayer != null) {
            multiplayer.close();
        }
        transport.stop();
        Devtools.unregister(this);
        session.closed();
        setStatus(replaced ? "replaced" : "disconnected");
    }

    // --- what the devtools panel shows ---

    @Override
    public String label() {
        return session.clientId();
    }

    @Override
    public void tap(WebSocketTransport.Tap tap) {
        transport.tap(tap);
    }

    @Override
    public void describe(Report report) {
        report.client(session.clientId() + " @ " + session.room())
                .table("Connection", "status", "hub", "pending")
                .row(events.status(), transport.url(), String.valueOf(session.pending()));
        report.table("Bindings", "selector", "target", "mode", "owner", "last value");
        for (ElementLink link : links) {
            if (link.isActive()) {
                report.row(link.getSelector(), link.getTo(), link.getMode(), link.owner(), link.currentValue());
            }
        }
        report.table("Peers", "client");
        for (String peer : peers) {
            report.row(peer);
        }
        report.outbox(session.outboxState());
        texts.describe(report);
    }

    // --- transport events ---

    /**
     * A newer connection with this client id joined (another tab, or a component mounted twice):
     * the newest wins, this client reports it and stops for good rather than take the id back.
     */
    @Override
    public void replaced() {
        if (closed) {
            return;
        }
        String message = session.clientId() + " connected again elsewhere (another tab or window, or a second"
                + " client in this page); this client stopped. Connect again to take over";
        failConnect(Js.codedError(ErrorCode.REPLACED.wire(), message));
        replaced = true;
        emitError(ErrorCode.REPLACED, message);
        close();
    }

    @Override
    public void connecting() {
        setStatus("connecting");
    }

    @Override
    public void opened() {
        session.opened();
    }

    @Override
    public void received(String frame) {
        session.receive(frame);
    }

    @Override
    public void closed() {
        session.closed();
        if (!closed) {
            setStatus("disconnected");
        }
    }

    @Override
    public void heartbeat() {
        session.ping();
    }

    // --- session events ---

    @Override
    public void joined(long heartbeatMs) {
        transport.useHeartbeat(heartbeatMs);
        if (multiplayer != null) {
            multiplayer.joined();
        }
        setStatus("connected");
        if (restored == null) {
            restored = restorePersistent();
        }
        if (resolveConnect != null) {
            JSConsumer<Client> resolve = resolveConnect;
            resolveConnect = null;
            rejectConnect = null;
            resolve.accept(this);
        }
    }

    @Override
    public void error(ErrorCode code, String message) {
        if (resolveConnect != null && !"connected".equals(events.status())) {
            // The hub refused to let us join: retrying would be refused again.
            JSConsumer<Object> reject = rejectConnect;
            resolveConnect = null;
            rejectConnect = null;
            closed = true;
            transport.stop();
            Devtools.unregister(this);
            if (abort != null) {
                abort.forget();
            }
            reject.accept(Js.error("Entangle.connect: the hub refused to join: " + code.wire() + ": " + message));
            return;
        }
        emitError(code, message);
    }

    private void emitError(ErrorCode code, String message) {
        if (!events.emit("error", Js.errorDetail(code.wire(), message))) {
            Js.warn("Entangle: " + code.wire() + ": " + message);
        }
    }

    private void setStatus(String next) {
        events.setStatus(next);
    }

    @Override
    public void pendingChanged(int pending) {
        if ((pending > 0) == unsynced) {
            return; // 'unsynced' fired when the first change became pending; 'synced' fires when none is left
        }
        unsynced = pending > 0;
        events.emit(unsynced ? "unsynced" : "synced", Js.pendingDetail(pending));
    }

    @Override
    public void retryAfter(long delayMillis) {
        later(delayMillis, session::retry);
    }

    /** Runs {@code action} after {@code delayMillis}, unless the client is closed by then. */
    private void later(long delayMillis, Runnable action) {
        Window.setTimeout(() -> {
            if (!closed) {
                action.run();
            }
        }, (int) delayMillis);
    }

    /** Entangles again the persistent bindings this tab's session made on earlier pages, where their elements exist. */
    private JSPromise<JSArray<Link>> restorePersistent() {
        JSArray<JSPromise<Link>> promises = new JSArray<>();
        for (Map.Entry<String, String> saved : persistent.saved().entrySet()) {
            JSObject element = Js.querySelector(saved.getKey());
            if (element != null && !session.isEntangled(saved.getKey())) {
                promises.push(entangle(element, Js.parse(saved.getValue())));
            }
        }
        return Js.all(promises);
    }

    @Override
    public void flushAfter(long delayMillis) {
        later(delayMillis, session::flush);
    }

    @Override
    public void peer(String event, String clientId, List<String> teams) {
        if (event.equals("left")) {
            peers.remove(clientId);
        } else {
            peers.add(clientId);
        }
        Js.announcePeer(event, clientId, teams.isEmpty() ? null : String.join("\u0000", teams));
    }

}
