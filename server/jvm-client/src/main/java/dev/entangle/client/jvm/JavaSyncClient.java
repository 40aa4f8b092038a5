package dev.entangle.client.jvm;

import dev.entangle.core.failover.HubRotation;
import dev.entangle.core.json.Json;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.MutationRefused;
import dev.entangle.core.sync.Mutators;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.core.sync.SyncDocument;
import dev.entangle.core.sync.SyncEngine;
import dev.entangle.core.sync.SyncError;
import dev.entangle.core.sync.SyncWireSession;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * A replica of a room's synchronised state for a JVM program (a service, a worker, a test): the
 * client-core {@link SyncEngine} with Java mutators over a WebSocket to the hub, on a thread of
 * its own (every engine call runs there). {@link #mutate} applies at once locally and completes
 * when the hub confirmed; {@link #read} looks at the local state. It keeps nothing on disk.
 *
 * <p>Given several hub URLs (the nodes of one cluster), it connects to one, drawn at random, and
 * whenever that connection fails to open or is lost it tries the next, as the browser client does
 * ({@link HubRotation}). A lost connection is taken up again by itself; operations made meanwhile
 * wait in the flush engine and go out once a hub took the client in, and the client follows the
 * room from the version it held.
 */
public final class JavaSyncClient implements AutoCloseable {
    /** Rounds of every hub URL {@link #connect} tries before it gives up. */
    private static final int CONNECT_ROUNDS = 1;

    private final String clientId;
    private final String room;
    private final String token;
    private final ScheduledExecutorService loop;
    private final HubSocket socket;
    private final SyncWireSession session;
    private final SyncEngine engine;
    private final CompletableFuture<Void> following = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Void>> verdicts = new HashMap<>();
    /** Why the attempts before the first join failed, for the exception when none gets through. */
    private final List<String> failedAttempts = new ArrayList<>();
    /** The hub took the current connection in: pushes may go. */
    private boolean joined;

    private JavaSyncClient(List<String> urls, String clientId, String room, String token, Mutators mutators,
            FlushEngine.Settings flush, DoubleSupplier random) {
        List<String> hubs = HubRotation.checked(urls);
        this.clientId = clientId;
        this.room = room;
        this.token = token;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "entangle-sync-" + clientId);
            thread.setDaemon(true);
            return thread;
        });
        this.socket = new HubSocket(hubs, loop, random, new Link());
        this.session = new SyncWireSession(Json.SIMPLE, socket::send, null, new Joining());
        SyncEngine.Transport whileJoined = new SyncEngine.Transport() {
            @Override
            public void push(List<PushedOperation> batch, Consumer<List<OperationResult>> answered,
                    Consumer<String> failed) {
                if (joined) {
                    session.push(batch, answered, failed);
                } else {
                    failed.accept("not connected to a hub"); // the flush engine sends it again once joined
                }
            }

            @Override
            public void pull(long from) {
                if (joined) {
                    session.pull(from);
                }
            }
        };
        this.engine = new SyncEngine("r-" + UUID.randomUUID(), mutators, whileJoined, (delay, task) -> {
            var future = loop.schedule(task, delay, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        }, System::currentTimeMillis, ConflictResolutionStrategy.SERVER_WINS_REBASE, flush, this::settled);
        session.attach(engine);
        loop.execute(socket::start);
        try {
            following.join();
        } catch (CompletionException e) {
            loop.shutdownNow();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Joins {@code room} at the hub's WebSocket {@code url} and follows its state; returns once caught up. */
    public static JavaSyncClient connect(String url, String clientId, String room, String token, Mutators mutators) {
        return connect(List.of(url), clientId, room, token, mutators, FlushEngine.Settings.DEFAULTS);
    }

    public static JavaSyncClient connect(String url, String clientId, String room, String token, Mutators mutators,
            FlushEngine.Settings flush) {
        return connect(List.of(url), clientId, room, token, mutators, flush);
    }

    /**
     * Joins {@code room} through one of {@code urls} (ws:// or wss://, the nodes of one cluster),
     * moving to the next whenever a connection fails or is lost; returns once caught up. Throws
     * {@link IllegalArgumentException} for an empty list or a URL that is not ws(s)://, and
     * {@link UncheckedIOException} when no URL took the connection in one round.
     */
    public static JavaSyncClient connect(List<String> urls, String clientId, String room, String token,
            Mutators mutators) {
        return connect(urls, clientId, room, token, mutators, FlushEngine.Settings.DEFAULTS);
    }

    public static JavaSyncClient connect(List<String> urls, String clientId, String room, String token,
            Mutators mutators, FlushEngine.Settings flush) {
        return connect(urls, clientId, room, token, mutators, flush, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With the rotation's random numbers (its start, its jitter) from {@code random}: for tests. */
    static JavaSyncClient connect(List<String> urls, String clientId, String room, String token, Mutators mutators,
            FlushEngine.Settings flush, DoubleSupplier random) {
        return new JavaSyncClient(urls, clientId, room, token, mutators, flush, random);
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

    /** The hub in use: connected or connecting to (one of the URLs given). */
    public String hubUrl() {
        return CompletableFuture.supplyAsync(socket::url, loop).join();
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

    /** Stops for good ({@code why}): the connect waiting, if any, and every verdict still awaited fail with it. */
    private void giveUp(RuntimeException why) {
        socket.stop();
        following.completeExceptionally(why);
        verdicts.values().forEach(verdict -> verdict.completeExceptionally(why));
        verdicts.clear();
    }

    /** What the socket reports: say hello on every connection, hand frames to the session, ping. */
    private final class Link implements HubSocket.Events {
        @Override
        public void opened() {
            socket.send(MessageCodec.encode(new Message.Hello(clientId, room, null, token, null)));
        }

        @Override
        public void received(String frame) {
            session.receive(frame);
        }

        @Override
        public void lost(String reason) {
            joined = false;
            session.closed(reason); // the batch in flight fails; the flush engine sends it again
            if (!following.isDone()) {
                failedAttempts.add(reason);
                if (socket.failedRounds() >= CONNECT_ROUNDS) {
                    giveUp(new UncheckedIOException(new ConnectException("no hub took " + clientId
                            + " in: " + String.join("; ", failedAttempts))));
                }
            }
        }

        @Override
        public void replaced() {
            joined = false;
            session.closed("replaced");
            giveUp(new IllegalStateException(clientId + " connected again elsewhere; this client stopped"));
        }

        @Override
        public void heartbeat() {
            socket.send(MessageCodec.encode(new Message.Ping(System.currentTimeMillis())));
        }
    }

    /** What the session hands back: joined (follow the room, send what waits), refused, caught up. */
    private final class Joining implements SyncWireSession.Events {
        @Override
        public void welcomed(Message.Welcome welcome) {
            joined = true;
            socket.useHeartbeat(welcome.heartbeatMs());
            session.opened(); // follows the room from the version held and resends what is queued
        }

        @Override
        public void error(Message.Error error) {
            if (!joined && !following.isDone()) {
                giveUp(new IllegalStateException("the hub refused the join: " + error.code().wire() + ": "
                        + error.message()));
            }
        }

        @Override
        public void stateChanged(ServerDelta delta) {
            following.complete(null);
        }
    }

    /** Closes the connection and stops reconnecting; operations not yet confirmed stay unconfirmed. */
    @Override
    public void close() {
        if (loop.isShutdown()) {
            return;
        }
        try {
            CompletableFuture.supplyAsync(socket::stop, loop).thenCompose(closing -> closing).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: the hub notices a vanished client by itself
        } finally {
            loop.shutdownNow();
        }
    }
}
