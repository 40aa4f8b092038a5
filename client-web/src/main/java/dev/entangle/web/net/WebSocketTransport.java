package dev.entangle.web.net;

import dev.entangle.core.failover.HubRotation;
import dev.entangle.core.time.Backoff;
import dev.entangle.core.time.Heartbeat;
import java.util.List;
import org.teavm.jso.JSBody;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.Registration;
import org.teavm.jso.websocket.WebSocket;

/**
 * One WebSocket to the hub that comes back by itself: reconnects with exponential backoff and
 * jitter (at once when the browser comes back online), and an application-level heartbeat (browsers cannot send WebSocket pings) that also
 * detects a silently dead connection. Given several hub URLs (nodes of one cluster), it connects
 * to one and moves to the next whenever a connection fails to open or is lost ({@link HubRotation}).
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

        /**
         * The hub closed this connection because a newer one of the same client id joined
         * ({@link #REPLACED}). The transport has stopped: coming back would replace the newer one,
         * which would come back too, and so on. Comes instead of {@link #closed()}.
         */
        void replaced();
    }

    /**
     * Sees every frame in and out (the devtools panel while it is open). Null while nobody looks:
     * then a frame costs one null check more.
     */
    public interface Tap {
        void frame(boolean outgoing, String frame);
    }

    /** The hub's close code for a connection replaced by a newer one of the same client id. */
    public static final int REPLACED = 4001;

    private static final long DEFAULT_HEARTBEAT_MS = 15_000;

    private final HubRotation hubs;
    private final Events events;
    /** The URL of the socket opening or open now (before the first attempt, the one it will try). */
    private String url;
    private WebSocket socket;
    private Heartbeat heartbeat;
    private int heartbeatTimer = -1;
    private int reconnectTimer = -1;
    private boolean stopped;
    /** Prefix of the console lines of {@code debug: true}; null logs nothing. */
    private String debugLabel;
    private Registration onlineListener;
    private Tap tap;

    /** {@code urls}: one hub, or several nodes of one cluster (checked by {@link HubRotation#checked}). */
    public WebSocketTransport(List<String> urls, Events events) {
        this.hubs = new HubRotation(urls, new Backoff(250, 10_000), random());
        this.url = hubs.current();
        this.events = events;
    }

    /** Logs every frame in and out, and each connection opening and closing, to the console. */
    public void debug(String label) {
        debugLabel = label;
    }

    /** Shows every frame to {@code tap} from now on; null stops. */
    public void tap(Tap tap) {
        this.tap = tap;
    }

    /** The address of the hub in use: connected or connecting to, else the one tried last. */
    public String url() {
        return url;
    }

    /** Full rounds of every hub URL that failed since a connection last opened. */
    public int failedRounds() {
        return hubs.failedRounds();
    }

    public void start() {
        // Back on the network: try at once rather than when the backoff would (up to 10 s later).
        onlineListener = Window.current().onEvent("online", event -> reconnectNow());
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
        hubs.retryNow();
        open();
    }

    public void send(String frame) {
        if (socket != null && socket.getReadyState() == 1) {
            if (debugLabel != null) {
                log(debugLabel + " \u2192 " + frame);
            }
            socket.send(frame);
            if (tap != null) {
                tap.frame(true, frame);
            }
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

    /** Closes the connection and stops every timer and listener: nothing comes back by itself after this. */
    public void stop() {
        stopped = true;
        cancelTimers();
        if (onlineListener != null) {
            onlineListener.dispose();
            onlineListener = null;
        }
        if (socket != null) {
            socket.close(1000, "client closed");
            socket = null;
        }
    }

    private void open() {
        url = hubs.current();
        events.connecting();
        if (debugLabel != null) {
            log(debugLabel + " connecting to " + url);
        }
        WebSocket ws = new WebSocket(url);
        socket = ws;
        ws.onOpen(event -> {
            if (ws == socket) {
                if (debugLabel != null) {
                    log(debugLabel + " connected");
                }
                hubs.opened();
                heartbeat = new Heartbeat(DEFAULT_HEARTBEAT_MS, now());
                events.opened();
            }
        });
        ws.onMessage(event -> {
            if (ws == socket) {
                if (heartbeat != null) {
                    heartbeat.heard(now());
                }
                if (debugLabel != null) {
                    log(debugLabel + " \u2190 " + event.getDataAsString());
                }
                String frame = event.getDataAsString();
                if (tap != null) {
                    tap.frame(false, frame);
                }
                events.received(frame);
            }
        });
        ws.onClose(event -> lost(ws, event.getCode()));
    }

    private void lost(WebSocket ws, int code) {
        if (ws != socket) {
            return; // an older socket we already gave up on (its replacement by our own newer one included)
        }
        socket = null;
        cancelTimers();
        if (debugLabel != null) {
            log(debugLabel + " closed (" + code + ")" + (stopped || code == REPLACED ? "" : ", reconnecting"));
        }
        if (code == REPLACED && !stopped) {
            stop();
            events.replaced(); // instead of closed(): nothing will come back
            return;
        }
        // Next time, the next hub: counted before closed() so that the owner sees this failure.
        long delay = hubs.failed(Math.random());
        events.closed();
        if (!stopped) {
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
            lost(dead, 4000); // the close event of a dead socket may take long: reconnect now
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

    @JSBody(params = "line", script = "console.log(line);")
    private static native void log(String line);

    /** JavaScript's own, on both builds: a page (or a test) sees the same numbers the client draws. */
    @JSBody(script = "return Math.random();")
    private static native double random();

    @JSBody(script = "return Date.now();")
    public static native double nowMillis();

    private static long now() {
        return (long) nowMillis();
    }
}
