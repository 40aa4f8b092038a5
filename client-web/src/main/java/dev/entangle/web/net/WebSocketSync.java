package dev.entangle.web.net;

import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.store.PushedBatch;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.web.json.BrowserJson;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.teavm.jso.browser.Window;

/**
 * Sync over the hub's WebSocket: {@code hello}, then {@code sync_subscribe} (which is also how a
 * pull is made: the hub answers with what was missed), {@code sync_push} batches answered by one
 * {@code operation_confirmed} per operation.
 */
public final class WebSocketSync implements SyncLink, WebSocketTransport.Events {
    /** A batch not answered in this time is taken as failed (the flush engine sends it again). */
    private static final int PUSH_TIMEOUT_MS = 10_000;
    /** Attempts that never opened before the link reports itself unreachable. */
    private static final int UNREACHABLE_AFTER = 2;

    private final WebSocketTransport socket;
    private final String clientId;
    private final String room;
    private final Supplier<String> token;
    private final Supplier<String> replicaId;
    private final List<String> types;
    private final Events events;
    private boolean joined;
    private boolean everOpened;
    private int failedAttempts;
    private PushedBatch inFlight;
    private int pushTimer = -1;

    public WebSocketSync(String url, String clientId, String room, Supplier<String> token, Supplier<String> replicaId,
            List<String> types, boolean debug, Events events) {
        this.socket = new WebSocketTransport(url, this);
        if (debug) {
            socket.debug("[entangle sync " + clientId + "@" + room + "]");
        }
        this.clientId = clientId;
        this.room = room;
        this.token = token;
        this.replicaId = replicaId;
        this.types = types;
        this.events = events;
    }

    @Override
    public String name() {
        return "websocket";
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
        inFlight = new PushedBatch(batch, answered, failed);
        pushTimer = Window.setTimeout(() -> lostBatch("no answer within " + PUSH_TIMEOUT_MS + " ms"), PUSH_TIMEOUT_MS);
        socket.send(MessageCodec.encode(new Message.SyncPush(batch), BrowserJson.ENGINE));
    }

    @Override
    public void pull(long from) {
        if (joined) {
            socket.send(MessageCodec.encode(new Message.SyncSubscribe(replicaId.get(), from, types), BrowserJson.ENGINE));
        }
    }

    @Override
    public void connecting() {
    }

    @Override
    public void opened() {
        everOpened = true;
        failedAttempts = 0;
        socket.send(MessageCodec.encode(new Message.Hello(clientId, room, null, token.get(), null), BrowserJson.ENGINE));
    }

    @Override
    public void received(String frame) {
        Message message;
        try {
            message = MessageCodec.decode(frame, BrowserJson.ENGINE);
        } catch (ProtocolException e) {
            return; // a newer hub's message this client does not know
        }
        if (message instanceof Message.Welcome welcome) {
            socket.useHeartbeat(welcome.heartbeatMs());
            joined = true;
            events.online();
        } else if (message instanceof Message.StateChanged changed) {
            events.delta(changed.delta());
        } else if (message instanceof Message.OperationConfirmed confirmed) {
            verdict(confirmed.result());
        } else if (message instanceof Message.ClientPresence presence) {
            events.presence(presence.clientId(), presence.connected());
        } else if (message instanceof Message.Error error) {
            if (!joined) {
                events.refused(error.code().wire(), error.message());
            } else if (inFlight != null) {
                lostBatch(error.code().wire() + ": " + error.message());
            }
        }
    }

    private void verdict(OperationResult result) {
        if (inFlight == null || !inFlight.take(result)) {
            events.verdict(result);
        } else if (inFlight.isSettled()) {
            inFlight = null;
            Window.clearTimeout(pushTimer);
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
        if (!everOpened && ++failedAttempts >= UNREACHABLE_AFTER) {
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
        socket.send(MessageCodec.encode(new Message.Ping((long) WebSocketTransport.nowMillis()), BrowserJson.ENGINE));
    }

    private void lostBatch(String reason) {
        PushedBatch batch = inFlight;
        inFlight = null;
        if (batch != null) {
            Window.clearTimeout(pushTimer);
            batch.fail(reason);
        }
    }
}
