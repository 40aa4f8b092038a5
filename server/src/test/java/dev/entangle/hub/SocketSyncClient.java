package dev.entangle.hub;

import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.Mutators;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.SyncEngine;
import dev.entangle.core.sync.SyncError;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A JVM app's replica over a real WebSocket: the client-core {@link SyncEngine} with Java
 * mutators, its own single thread as the event loop (every engine call runs there). What a Java
 * app written against the Java API does; the benchmarks drive many of them.
 */
final class SocketSyncClient implements SyncEngine.Transport, WebSocket.Listener, AutoCloseable {
    private final ScheduledExecutorService loop;
    private final SyncEngine engine;
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private final CompletableFuture<Void> following = new CompletableFuture<>();
    private BiConsumer<Long, SyncError> onSettled = (seq, error) -> { };
    private List<PushedOperation> inFlight;
    private final Map<Long, OperationResult> results = new HashMap<>();
    private Consumer<List<OperationResult>> answered;

    SocketSyncClient(String url, String clientId, String room, Mutators mutators, FlushEngine.Settings flush) {
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sync-" + clientId);
            thread.setDaemon(true);
            return thread;
        });
        this.engine = new SyncEngine("replica-" + clientId, mutators, this, (delay, task) -> {
            var future = loop.schedule(task, delay, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        }, System::currentTimeMillis, ConflictResolutionStrategy.SERVER_WINS_REBASE, flush,
                (seq, error) -> onSettled.accept(seq, error));
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        socket.sendText(MessageCodec.encode(new Message.Hello(clientId, room, null)), true).join();
        welcomed.join();
        loop.execute(engine::connected);
        following.join();
    }

    /** Called on the client's thread with each verdict. */
    void onSettled(BiConsumer<Long, SyncError> listener) {
        this.onSettled = listener;
    }

    /** Runs {@code action} on the client's thread. */
    void run(Runnable action) {
        loop.execute(action);
    }

    SyncEngine engine() {
        return engine;
    }

    @Override
    public void push(List<PushedOperation> batch, Consumer<List<OperationResult>> answered, Consumer<String> failed) {
        inFlight = batch;
        results.clear();
        this.answered = answered;
        socket.sendText(MessageCodec.encode(new Message.SyncPush(batch)), true);
    }

    @Override
    public void pull(long from) {
        socket.sendText(MessageCodec.encode(new Message.SyncSubscribe(engine.replicaId(), from, null)), true);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            loop.execute(() -> received(frame));
        }
        webSocket.request(1);
        return null;
    }

    private void received(String frame) {
        Message message;
        try {
            message = MessageCodec.decode(frame);
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
        if (message instanceof Message.Welcome) {
            welcomed.complete(null);
        } else if (message instanceof Message.StateChanged changed) {
            engine.received(changed.delta());
            following.complete(null);
        } else if (message instanceof Message.OperationConfirmed confirmed) {
            OperationResult result = confirmed.result();
            if (inFlight != null && inFlight.stream().anyMatch(op -> op.id() == result.id())) {
                results.put(result.id(), result);
                if (results.size() == inFlight.size()) {
                    inFlight = null;
                    answered.accept(new ArrayList<>(results.values()));
                }
            } else {
                engine.settled(result);
            }
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        loop.shutdownNow();
    }
}
