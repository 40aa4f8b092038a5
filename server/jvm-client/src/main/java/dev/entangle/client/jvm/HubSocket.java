package dev.entangle.client.jvm;

import dev.entangle.core.failover.HubRotation;
import dev.entangle.core.time.Backoff;
import dev.entangle.core.time.Heartbeat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The JVM client's WebSocket to the hub that comes back by itself, the java.net.http twin of the
 * browser's {@code WebSocketTransport}: when a connection fails to open or is lost, it waits and
 * tries the next hub URL ({@link HubRotation}: round robin from a random start, the backoff
 * growing once per full round); a heartbeat finds a connection that went silent. Every method
 * and every {@link Events} callback runs on the client's single {@code loop} thread.
 */
final class HubSocket {
    /** What the socket tells its owner, on the loop thread. */
    interface Events {
        /** A connection is open: say hello. */
        void opened();

        void received(String frame);

        /** An attempt failed or a connection was lost ({@code reason}: why); the next attempt is scheduled. */
        void lost(String reason);

        /** A newer connection of the same client id took over (close code 4001): the socket stopped for good. */
        void replaced();

        /** Time to send a heartbeat ping. */
        void heartbeat();
    }

    /** The hub's close code for a connection replaced by a newer one of the same client id. */
    static final int REPLACED = 4001;
    private static final long DEFAULT_HEARTBEAT_MS = 15_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HubRotation hubs;
    private final ScheduledExecutorService loop;
    private final DoubleSupplier random;
    private final Events events;
    /** The attempt or connection in use; null between attempts. */
    private Connection current;
    /** The URL of the connection in use, or of the last one tried. */
    private String url;
    private Heartbeat heartbeat;
    private ScheduledFuture<?> heartbeatTimer;
    private ScheduledFuture<?> reconnectTimer;
    private boolean stopped;

    HubSocket(List<String> urls, ScheduledExecutorService loop, DoubleSupplier random, Events events) {
        this.hubs = new HubRotation(urls, new Backoff(250, 10_000), random.getAsDouble());
        this.url = hubs.current();
        this.loop = loop;
        this.random = random;
        this.events = events;
    }

    /** The hub in use: connected or connecting to, else the one tried last. */
    String url() {
        return url;
    }

    /** Full rounds of every hub URL that failed since a connection last opened. */
    int failedRounds() {
        return hubs.failedRounds();
    }

    void start() {
        open();
    }

    /** Sends a text frame on the open connection, after the frames before it; dropped when none is open. */
    void send(String frame) {
        if (current != null && current.socket != null) {
            current.send(frame);
        }
    }

    /** The hub told its heartbeat interval: ping at that pace, and give up on a connection silent for two. */
    void useHeartbeat(long intervalMs) {
        long interval = intervalMs > 0 ? intervalMs : DEFAULT_HEARTBEAT_MS;
        cancel(heartbeatTimer);
        heartbeat = new Heartbeat(interval, now());
        heartbeatTimer = loop.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Closes the connection and stops every timer: nothing comes back by itself after this. */
    CompletableFuture<?> stop() {
        stopped = true;
        cancel(heartbeatTimer);
        cancel(reconnectTimer);
        Connection closing = current;
        current = null;
        if (closing == null || closing.socket == null) {
            return CompletableFuture.completedFuture(null);
        }
        return closing.close();
    }

    private void open() {
        if (stopped) {
            return;
        }
        url = hubs.current();
        Connection attempt = new Connection();
        current = attempt;
        HTTP.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(URI.create(url), attempt)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        loop.execute(() -> lost(attempt, "cannot connect to " + url + ": " + rootMessage(failure)));
                    }
                });
    }

    private void lost(Connection connection, String reason) {
        if (connection != current || stopped) {
            return; // an older connection already given up on, or we closed it
        }
        current = null;
        connection.abort();
        cancel(heartbeatTimer);
        // Next time, the next hub; counted before lost() so that the owner sees this failure.
        long delay = hubs.failed(random.getAsDouble());
        events.lost(reason);
        if (!stopped) {
            reconnectTimer = loop.schedule(this::open, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        if (current == null || heartbeat == null) {
            return;
        }
        if (heartbeat.isDead(now())) {
            lost(current, "heartbeat timeout: nothing heard from " + url);
        } else {
            events.heartbeat();
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** One attempt and, once open, its connection; the JDK calls its listener methods on its own threads. */
    private final class Connection implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        /** Set on the loop thread once open. */
        private WebSocket socket;
        /** The JDK refuses a send while the one before it is pending: each waits for the last. */
        private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

        void send(String frame) {
            WebSocket open = socket;
            lastSend = lastSend.handle((ignored, failure) -> null).thenCompose(ignored -> open.sendText(frame, true));
        }

        CompletableFuture<?> close() {
            WebSocket open = socket;
            return lastSend.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> open.sendClose(WebSocket.NORMAL_CLOSURE, "client closed"))
                    .orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((ignored, failure) -> open.abort());
        }

        void abort() {
            if (socket != null) {
                socket.abort();
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            loop.execute(() -> {
                if (this != current || stopped) {
                    webSocket.abort();
                    return;
                }
                socket = webSocket;
                hubs.opened();
                heartbeat = null; // until the hub's welcome tells its interval
                events.opened();
            });
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                loop.execute(() -> {
                    if (this == current) {
                        if (heartbeat != null) {
                            heartbeat.heard(now());
                        }
                        events.received(frame);
                    }
                });
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            loop.execute(() -> {
                if (this != current || stopped) {
                    return;
                }
                if (statusCode == REPLACED) {
                    stop();
                    events.replaced();
                    return;
                }
                lost(this, "the hub at " + url + " closed the connection: " + statusCode + " " + reason);
            });
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            loop.execute(() -> lost(this, "the connection to " + url + " failed: " + rootMessage(error)));
        }
    }
}
