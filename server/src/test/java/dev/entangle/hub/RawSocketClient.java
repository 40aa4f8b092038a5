package dev.entangle.hub;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A protocol client with no rules of its own, for tests: sends whatever frames it is given. */
public final class RawSocketClient implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private boolean paused;
    private boolean owed;
    /** Completes with the close code (or -1 on an error) when the hub closes the socket. */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    public final WebSocket socket;

    public RawSocketClient(String url) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
    }

    public RawSocketClient send(String frame) {
        socket.sendText(frame, true).join();
        return this;
    }

    /** The next frame, parsed, leaving out awareness ({@code peer}, {@code presence}, {@code cursor}) frames; fails after 5 s without one. */
    public JsonObject next() throws Exception {
        while (true) {
            String frame = frames.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within 5 s");
            }
            if (!frame.startsWith("{\"type\":\"peer\"") && !frame.startsWith("{\"type\":\"presence\"")
                    && !frame.startsWith("{\"type\":\"cursor\"")) {
                return Json.parseObject(frame);
            }
        }
    }

    /** The next frame within {@code millis}, unparsed, or null. */
    public String poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next frame whose text contains {@code fragment}, skipping others; fails after 10 s. */
    public String next(String fragment) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            String frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && frame.contains(fragment)) {
                return frame;
            }
        }
        throw new AssertionError("no frame containing " + fragment);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.addAll(unbatched(partial.toString()));
            partial.setLength(0);
        }
        synchronized (this) {
            if (paused) {
                owed = true; // the next read waits for resumeReading
            } else {
                webSocket.request(1);
            }
        }
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

    /** Stops reading frames, as a client on a stalled network does: the hub's frames back up. */
    public synchronized void stopReading() {
        paused = true;
    }

    public synchronized void resumeReading() {
        paused = false;
        if (owed) {
            owed = false;
            socket.request(1);
        }
    }

    /** How many frames have arrived and not been taken yet. */
    public int waiting() {
        return frames.size();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static final String BATCH = "{\"type\":\"batch\",\"frames\":[";

    /**
     * The frames in {@code frame}: itself, or the frames of a {@code batch} (the ephemeral lane's
     * frames that waited together), each as its own text, so tests read them as if they came apart.
     */
    static java.util.List<String> unbatched(String frame) {
        if (!frame.startsWith(BATCH)) {
            return java.util.List.of(frame);
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean inString = false;
        for (int i = BATCH.length(); i < frame.length() - 2; i++) {
            char c = frame.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}' && --depth == 0) {
                out.add(frame.substring(start, i + 1));
            }
        }
        return out;
    }
}
