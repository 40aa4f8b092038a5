package dev.entangle.client.jvm;

import dev.entangle.core.json.Json;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.MutationRefused;
import dev.entangle.core.sync.Mutators;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.core.sync.SyncDocument;
import dev.entangle.core.sync.SyncEngine;
import dev.entangle.core.sync.SyncError;
import dev.entangle.core.sync.SyncWireSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A replica of a room's synchronised state for a JVM program (a service, a worker, a test): the
 * client-core {@link SyncEngine} with Java mutators over a WebSocket to the hub, on a thread of
 * its own (every engine call runs there). {@link #mutate} applies at once locally and completes
 * when the hub confirmed; {@link #read} looks at the local state. It keeps nothing on disk and
 * does not reconnect: a dropped connection fails the pending futures' batch until
 * {@link #close}d and connected again.
 */
public final class JavaSyncClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ScheduledExecutorService loop;
    private final SyncWireSession session;
    private final SyncEngine engine;
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private final CompletableFuture<Void> following = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Void>> verdicts = new HashMap<>();

    private JavaSyncClient(String url, String clientId, String room, String token, Mutators mutators,
            FlushEngine.Settings flush) {
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "entangle-sync-" + clientId);
            thread.setDaemon(true);
            return thread;
        });
        this.session = new SyncWireSession(Json.SIMPLE, frame -> socket().sendText(frame, true), null,
                new Joining());
        this.engine = new SyncEngine("r-" + UUID.randomUUID(), mutators, session, (delay, task) -> {
            var future = loop.schedule(task, delay, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        }, System::currentTimeMillis, ConflictResolutionStrategy.SERVER_WINS_REBASE, flush, this::settled);
        session.attach(engine);
        this.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        socket.sendText(MessageCodec.encode(new Message.Hello(clientId, room, null, token, null)), true).join();
        welcomed.join();
        loop.execute(session::opened);
        following.join();
    }

    /** Joins {@code room} at the hub's WebSocket {@code url} and follows its state; returns once caught up. */
    public static JavaSyncClient connect(String url, String clientId, String room, String token, Mutators mutators) {
        return connect(url, clientId, room, token, mutators, FlushEngine.Settings.DEFAULTS);
    }

    public static JavaSyncClient connect(String url, String clientId, String room, String token, Mutators mutators,
            FlushEngine.Settings flush) {
        return new JavaSyncClient(url, clientId, room, token, mutators, flush);
    }

    /**
     * Runs operation {@code name} at once on the local state and sends it; the future completes
     * when the hub confirmed it, or fails with {@link MutationRefused} when a mutator refused it.
     */
    public CompletableFuture<Void> mutate(String name, Object args) {
        CompletableFuture<Void> verdict = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                verdicts.put(engine.mutate(name, args), verdict);
            } catch (MutationRefused e) {
                verdict.completeExceptionally(e);
            }
        });
        return verdict;
    }

    /** Reads the local state on the client's thread (do not keep what {@code reader} is handed). */
    public <T> T read(Function<SyncDocument, T> reader) {
        return CompletableFuture.supplyAsync(() -> reader.apply(engine.state()), loop).join();
    }

    private void settled(long clientSeq, SyncError error) {
        CompletableFuture<Void> verdict = verdicts.remove(clientSeq);
        if (verdict == null) {
            return;
        }
        if (error == null) {
            verdict.complete(null);
        } else {
            verdict.completeExceptionally(new MutationRefused(error.code(), error.message()));
        }
    }

    private WebSocket socket() {
        return socket;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            loop.execute(() -> session.receive(frame));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        loop.execute(() -> session.closed("the hub closed the connection: " + statusCode + " " + reason));
        return null;
    }

    /** What the session hands back: the connecting thread waits for the welcome, then for the first state. */
    private final class Joining implements SyncWireSession.Events {
        @Override
        public void welcomed(Message.Welcome welcome) {
            welcomed.complete(null);
        }

        @Override
        public void error(Message.Error error) {
            if (!welcomed.isDone()) {
                welcomed.completeExceptionally(new IllegalStateException("the hub refused the join: "
                        + error.code().wire() + ": " + error.message()));
            }
        }

        @Override
        public void stateChanged(ServerDelta delta) {
            following.complete(null);
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        loop.shutdownNow();
    }
}
