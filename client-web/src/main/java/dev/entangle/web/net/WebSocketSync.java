package dev.entangle.web.net;

import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.MessageFamily;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.SyncEngine;
import dev.entangle.core.sync.SyncWireSession;
import dev.entangle.web.json.BrowserJson;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.teavm.jso.browser.Window;

/**
 * Sync over the hub's WebSocket: {@code hello}, then {@code sync_subscribe} (which is also how a
 * pull is made: the hub answers with what was missed), {@code sync_push} batches answered by one
 * {@code operation_confirmed} per operation; the frames themselves are the {@link SyncWireSession}'s.
 * What this adds is the browser's: the handshake and heartbeat, no push before the hub took the
 * connection in, a time limit on a batch's answer, and the link's status for the page.
 */
public final class WebSocketSync implements SyncLink, WebSocketTransport.Events, SyncWireSession.Events {
    /** A batch not answered in this time is taken as failed (the flush engine sends it again). */
    private static final int PUSH_TIMEOUT_MS = 10_000;
    /** Rounds of every hub URL that never opened before the link reports itself unreachable. */
    private static final int UNREACHABLE_AFTER = 2;

    private final WebSocketTransport socket;
    private final String clientId;
    private final String room;
    private final Supplier<String> token;
    private final SyncWireSession session;
    private final Events events;
    private boolean joined;
    private boolean everOpened;
    private int pushTimer = -1;

    public WebSocketSync(List<String> urls, String clientId, String room, Supplier<String> token, SyncEngine engine,
            List<String> types, boolean debug, Events events) {
        this.socket = new WebSocketTransport(urls, this);
        if (debug) {
            socket.debug("[entangle sync " + clientId + "@" + room + "]");
        }
        this.clientId = clientId;
        this.room = room;
        this.token = token;
        this.session = new SyncWireSession(BrowserJson.ENGINE, socket::send, types, this).attach(engine);
        this.events = events;
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public String url() {
        return socket.url();
    }

    @Override
    public void tap(WebSocketTransport.Tap tap) {
        socket.tap(tap);
    }

    @Override
    public void start() {
        socket.start();
    }

    @Override
    public void stop() {
        socket.stop();
        lostBatch("the client stopped");
    }

    @Override
    public void push(List<PushedOperation> batch, Consumer<List<OperationResult>> answered, Consumer<String> failed) {
        if (!joined) {
            failed.accept("not connected");
            return;
        }
        pushTimer = Window.setTimeout(() -> lostBatch("no answer within " + PUSH_TIMEOUT_MS + " ms"), PUSH_TIMEOUT_MS);
        session.push(batch, answered, failed);
    }

    @Override
    public void pull(long from) {
        if (joined) {
            session.pull(from);
        }
    }

    @Override
    public void connecting() {
    }

    @Override
    public void opened() {
        everOpened = true;
        socket.send(MessageCodec.encodeAsClient(new Message.Hello(clientId, room, null, token.get(), null),
                BrowserJson.ENGINE, MessageFamily.NONE));
    }

    @Override
    public void received(String frame) {
        session.receive(frame);
        if (!session.awaitingVerdicts()) {
            Window.clearTimeout(pushTimer); // the batch is answered (or there was none)
        }
    }

    @Override
    public void welcomed(Message.Welcome welcome) {
        socket.useHeartbeat(welcome.heartbeatMs());
        joined = true;
        events.online(); // the client then tells the engine, as for the HTTP link
    }

    @Override
    public void presence(String clientId, boolean connected) {
        events.presence(clientId, connected);
    }

    @Override
    public void error(Message.Error error) {
        if (!joined) {
            events.refused(error.code().wire(), error.message());
        } else {
            lostBatch(error.code().wire() + ": " + error.message());
        }
    }

    @Override
    public void closed() {
        boolean wasJoined = joined;
        joined = false;
        lostBatch("disconnected");
        if (wasJoined) {
            events.offline();
        }
        // Every node tried twice without one WebSocket getting through: something in between blocks them.
        if (!everOpened && socket.failedRounds() >= UNREACHABLE_AFTER) {
            events.unreachable();
        }
    }

    @Override
    public void replaced() {
        closed();
        events.replaced(clientId + " connected again elsewhere (another tab or window); this client stopped");
    }

    @Override
    public void heartbeat() {
        socket.send(MessageCodec.encodeAsClient(new Message.Ping((long) WebSocketTransport.nowMillis()),
                BrowserJson.ENGINE, MessageFamily.NONE));
    }

    private void lostBatch(String reason) {
        if (session.abandon(reason)) {
            Window.clearTimeout(pushTimer);
        }
    }
}
