package dev.entangle.web.net;

import dev.entangle.core.time.Backoff;
import dev.entangle.core.time.Heartbeat;
import java.util.function.Consumer;
import org.teavm.jso.JSBody;
import org.teavm.jso.browser.Window;
import org.teavm.jso.websocket.WebSocket;

/**
 * One WebSocket to the hub that comes back by itself: reconnects with exponential backoff and
 * jitter (at once when the browser comes back online), and an application-level heartbeat (browsers cannot send WebSocket pings) that also
 * detects a silently dead connection.
 */
public final class WebSocketTransport {

    /** What the transport reports to its owner. */
    public interface Events {
        /** A connection attempt starts. */
        void connecting();

        void opened();

        void received(String frame);

        void closed();

        /** Time to send a heartbeat ping. */
        void heartbeat();
    }

    private static final long DEFAULT_HEARTBEAT_MS = 15_000;

    private final String url;
    private final Events events;
    private final Backoff backoff = new Backoff(250, 10_000);
    private WebSocket socket;
    private Heartbeat heartbeat;
    private int heartbeatTimer = -1;
    private int reconnectTimer = -1;
    private int attempt;
    private boolean stopped;

    public WebSocketTransport(String url, Events events) {
        this.url = url;
        this.events = events;
    }

    public void start() {
        // Back on the network: try at once rather than when the backoff would (up to 10 s later).
        Window.current().addEventListener("online", event -> reconnectNow());
        open();
    }

    private void reconnectNow() {
        if (stopped || socket != null) {
            return;
        }
        if (reconnectTimer >= 0) {
            Window.clearTimeout(reconnectTimer);
            reconnectTimer = -1;
        }
        attempt = 0;
        open();
    }

    public void send(String frame) {
        if (socket != null && socket.getReadyState() == 1) {
            socket.send(frame);
        }
    }

    /** The hub told us its heartbeat interval: ping at that pace from now on. */
    public void useHeartbeat(long intervalMs) {
        heartbeat = new Heartbeat(intervalMs > 0 ? intervalMs : DEFAULT_HEARTBEAT_MS, now());
        if (heartbeatTimer >= 0) {
            Window.clearInterval(heartbeatTimer);
        }
        heartbeatTimer = Window.setInterval(this::tick, (int) heartbeat.intervalMs());
    }

    public void stop() {
        stopped = true;
        cancelTimers();
        if (socket != null) {
            socket.close(1000, "client closed");
            socket = null;
        }
    }

    private void open() {
        events.connecting();
        WebSocket ws = new WebSocket(url);
        socket = ws;
        ws.onOpen(event -> {
            if (ws == socket) {
                attempt = 0;
                heartbeat = new Heartbeat(DEFAULT_HEARTBEAT_MS, now());
                events.opened();
            }
        });
        ws.onMessage(event -> {
            if (ws == socket) {
                if (heartbeat != null) {
                    heartbeat.heard(now());
                }
                events.received(event.getDataAsString());
            }
        });
        ws.onClose(event -> lost(ws));
    }

    private void lost(WebSocket ws) {
        if (ws != socket) {
            return; // an older socket we already gave up on
        }
        socket = null;
        cancelTimers();
        events.closed();
        if (!stopped) {
            long delay = backoff.delayMillis(attempt++, Math.random());
            reconnectTimer = Window.setTimeout(() -> {
                reconnectTimer = -1;
                if (!stopped) {
                    open();
                }
            }, (int) delay);
        }
    }

    private void tick() {
        if (socket == null || heartbeat == null) {
            return;
        }
        if (heartbeat.isDead(now())) {
            WebSocket dead = socket;
            dead.close(4000, "heartbeat timeout");
            lost(dead); // the close event of a dead socket may take long: reconnect now
        } else {
            events.heartbeat();
        }
    }

    private void cancelTimers() {
        if (heartbeatTimer >= 0) {
            Window.clearInterval(heartbeatTimer);
            heartbeatTimer = -1;
        }
        if (reconnectTimer >= 0) {
            Window.clearTimeout(reconnectTimer);
            reconnectTimer = -1;
        }
    }

    @JSBody(script = "return Date.now();")
    public static native double nowMillis();

    private static long now() {
        return (long) nowMillis();
    }
}
