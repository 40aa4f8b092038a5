package dev.entangle.hub.bench;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle connections: {@code connections} sockets, {@code perRoom} to a room, each saying
 * {@code hello} (against the hub) and then only pinging at the hub's default heartbeat, as a
 * browser tab left open does. At most {@code concurrency} handshakes are under way at once. Once all
 * are in, {@code whenConnected} runs (the caller reads the server's heap), then the sockets are
 * closed and the result says how many were still open.
 */
final class IdleLoad {
    record Settings(String url, boolean relay, int connections, int perRoom, int concurrency) {
    }

    record Result(Settings settings, int connected, int failed, double connectMillis, int closedWhileIdle,
            String firstFailure) {
        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("target", settings.relay() ? "relay" : "hub");
            out.put("connections", (long) settings.connections());
            out.put("connected", (long) connected);
            out.put("failed", (long) failed);
            out.put("connectMs", connectMillis);
            out.put("closedWhileIdle", (long) closedWhileIdle);
            out.put("firstFailure", firstFailure == null ? "" : firstFailure);
            return out;
        }
    }

    /** The hub's default heartbeat: a page pings this often. */
    private static final long PING_MILLIS = 15_000;

    interface WhileConnected {
        void run(int connected, double connectMillis) throws Exception;
    }

    static Result run(Settings settings, WhileConnected whileConnected) throws Exception {
        ExecutorService executor = LoadGenerator.executor();
        HttpClient http = HttpClient.newBuilder().executor(executor).build();
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(LoadGenerator.daemon("idle-ping"));
        Semaphore handshakes = new Semaphore(settings.concurrency());
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastJoined = new AtomicLong();
        StringBuilder firstFailure = new StringBuilder();
        List<Idle> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        if (!settings.relay()) {
            // Each socket pings at the hub's default heartbeat (15 s) from the moment it joined, spread
            // over the interval as real tabs are: the hub closes a socket silent for three intervals,
            // and connecting 10,000 takes longer than that.
            int slots = 100;
            AtomicInteger tick = new AtomicInteger();
            pinger.scheduleAtFixedRate(() -> {
                int slot = tick.getAndIncrement() % slots;
                for (int i = slot; i < sockets.size(); i += slots) {
                    sockets.get(i).ping();
                }
            }, PING_MILLIS / slots, PING_MILLIS / slots, TimeUnit.MILLISECONDS);
        }
        try {
            for (int i = 0; i < settings.connections(); i++) {
                if (!handshakes.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no handshake finished within 60 s");
                }
                Idle idle = new Idle("i" + i, "idle-" + i / settings.perRoom(), settings.relay());
                sockets.add(idle);
                idle.joined.whenComplete((ok, failure) -> {
                    if (failure == null) {
                        connected.incrementAndGet();
                        lastJoined.accumulateAndGet(System.nanoTime(), Math::max);
                    } else {
                        failed.incrementAndGet();
                        synchronized (firstFailure) {
                            if (firstFailure.length() == 0) {
                                firstFailure.append(failure);
                            }
                        }
                    }
                    handshakes.release();
                });
                idle.connect(http, settings.url());
            }
            handshakes.tryAcquire(settings.concurrency(), 60, TimeUnit.SECONDS);
            double connectMillis = (lastJoined.get() - start) / 1e6;
            whileConnected.run(connected.get(), connectMillis);
            int closed = (int) sockets.stream().filter(s -> s.socket != null && s.socket.isClosed()).count();
            return new Result(settings, connected.get(), failed.get(), connectMillis, closed,
                    firstFailure.length() == 0 ? null : firstFailure.toString());
        } finally {
            pinger.shutdownNow();
            sockets.forEach(Idle::close);
            executor.shutdownNow();
        }
    }

    private static final class Idle implements LoadSocket.Receiver {
        final String id;
        final String room;
        final boolean relay;
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        volatile LoadSocket socket;

        Idle(String id, String room, boolean relay) {
            this.id = id;
            this.room = room;
            this.relay = relay;
        }

        void connect(HttpClient http, String url) {
            String target = relay ? url + "/" + room : url;
            LoadSocket.open(http, target, this).whenComplete((opened, failure) -> {
                if (failure != null) {
                    joined.completeExceptionally(failure);
                    return;
                }
                socket = opened;
                if (relay) {
                    joined.complete(null);
                } else {
                    opened.send(LoadFrames.hello(id, room));
                }
            });
        }

        @Override
        public void frame(String text, long receivedNanos) {
            if (LoadFrames.is(text, "welcome")) {
                joined.complete(null);
            } else if (LoadFrames.is(text, "error") && !joined.isDone()) {
                joined.completeExceptionally(new IllegalStateException(id + " was refused: " + text));
            }
        }

        void ping() {
            LoadSocket s = socket;
            if (s != null && joined.isDone() && !s.isClosed()) {
                s.send(LoadFrames.ping());
            }
        }

        void close() {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
