package dev.entangle.hub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket of the load generator: frames go out in order from an unbounded queue (the JDK
 * socket refuses a second send while one is pending, and an open-loop sender must never wait), and
 * every whole text frame comes in to {@link Receiver#frame} with the time it arrived.
 */
final class LoadSocket implements WebSocket.Listener {
    /** Called on the socket's reading thread, one frame at a time. */
    interface Receiver {
        void frame(String text, long receivedNanos);
    }

    private final Receiver receiver;
    private final StringBuilder partial = new StringBuilder();
    private final Queue<String> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Completes with the close code (or -1 after a failure) when the socket ends. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile WebSocket socket;

    private LoadSocket(Receiver receiver) {
        this.receiver = receiver;
    }

    static CompletableFuture<LoadSocket> open(HttpClient http, String url, Receiver receiver) {
        LoadSocket load = new LoadSocket(receiver);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(url), load)
                .thenApply(ws -> {
                    load.socket = ws;
                    return load;
                });
    }

    void send(String frame) {
        outgoing.add(frame);
        drain();
    }

    private void drain() {
        while (writing.compareAndSet(false, true)) {
            String frame = outgoing.poll();
            if (frame == null) {
                writing.set(false);
                if (outgoing.isEmpty()) {
                    return;
                }
                continue;
            }
            CompletableFuture<WebSocket> sent = socket.sendText(frame, true);
            if (sent.isDone() && !sent.isCompletedExceptionally()) {
                writing.set(false); // written at once: loop rather than recurse
                continue;
            }
            sent.whenComplete((ws, failure) -> {
                writing.set(false);
                if (failure != null) {
                    outgoing.clear();
                    closed.complete(-1);
                    return;
                }
                drain();
            });
            return;
        }
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed.complete(-1);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        if (last && partial.length() == 0) {
            receiver.frame(data.toString(), now);
        } else {
            partial.append(data);
            if (last) {
                receiver.frame(partial.toString(), now);
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }
}
