package dev.entangle.hub.bench;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Durable acknowledgements: {@code writers} clients, each alone in its own room (so nothing fans
 * out and only the log and the pipeline in front of it are measured), each sending its next change
 * as soon as the hub acknowledged the previous one. Acks per second and send → ack latency over the
 * measured window; at the end every change sent must have been acknowledged.
 */
final class AckLoad {
    record Settings(String url, String roomPrefix, int writers, long warmupMillis, long measureMillis) {
    }

    record Result(Settings settings, long sent, long acknowledged, long refused, double acksPerSecond, int samples,
            double p50Millis, double p99Millis, double maxMillis, List<Long> latencyHistogram) {
        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("writers", (long) settings.writers());
            out.put("sent", sent);
            out.put("acknowledged", acknowledged);
            out.put("refused", refused);
            out.put("acksPerSecond", acksPerSecond);
            out.put("samples", (long) samples);
            out.put("p50Ms", LoadGenerator.figure(p50Millis));
            out.put("p99Ms", LoadGenerator.figure(p99Millis));
            out.put("maxMs", LoadGenerator.figure(maxMillis));
            out.put("latencyHistogram", latencyHistogram);
            return out;
        }
    }

    private final Settings settings;
    private volatile long measureStart = Long.MAX_VALUE;
    private volatile long measureEnd = Long.MAX_VALUE;
    private volatile boolean stopping;

    private AckLoad(Settings settings) {
        this.settings = settings;
    }

    static Result run(Settings settings) throws Exception {
        return new AckLoad(settings).run();
    }

    private Result run() throws Exception {
        ExecutorService executor = LoadGenerator.executor();
        HttpClient http = HttpClient.newBuilder().executor(executor).build();
        List<Writer> writers = new ArrayList<>();
        try {
            for (int i = 0; i < settings.writers(); i++) {
                Writer writer = new Writer(i);
                writers.add(writer);
                writer.connect(http);
            }
            CompletableFuture.allOf(writers.stream().map(w -> w.ready).toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            long start = System.nanoTime();
            measureStart = start + TimeUnit.MILLISECONDS.toNanos(settings.warmupMillis());
            measureEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(settings.measureMillis());
            writers.forEach(Writer::next);
            Thread.sleep(settings.warmupMillis() + settings.measureMillis());
            stopping = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && writers.stream().anyMatch(Writer::waiting)) {
                Thread.sleep(10);
            }
            return result(writers);
        } finally {
            writers.forEach(Writer::close);
            executor.shutdownNow();
        }
    }

    private Result result(List<Writer> writers) {
        long sent = 0;
        long acknowledged = 0;
        long refused = 0;
        long window = 0;
        List<long[]> parts = new ArrayList<>();
        for (Writer w : writers) {
            synchronized (w) {
                sent += w.sent;
                acknowledged += w.acknowledged;
                refused += w.refused;
                window += w.windowAcks;
                parts.add(Arrays.copyOf(w.latencies, w.samples));
            }
        }
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(settings, sent, acknowledged, refused, window / (settings.measureMillis() / 1_000.0),
                all.length, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, LatencyHistogram.counts(all));
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private final class Writer implements LoadSocket.Receiver {
        final String id;
        final String room;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile LoadSocket socket;
        long sent;
        long acknowledged;
        long refused;
        long windowAcks;
        long sentAt;
        long[] latencies = new long[4_096];
        int samples;

        Writer(int index) {
            this.id = "w" + index;
            this.room = settings.roomPrefix() + index;
        }

        void connect(HttpClient http) {
            LoadSocket.open(http, settings.url(), this).whenComplete((opened, failure) -> {
                if (failure != null) {
                    ready.completeExceptionally(failure);
                    return;
                }
                socket = opened;
                opened.send(LoadFrames.hello(id, room));
            });
        }

        synchronized void next() {
            if (stopping) {
                return;
            }
            long number = sent++;
            sentAt = System.nanoTime();
            socket.send(LoadFrames.change(LoadFrames.SELECTOR, id, number + 2, 0, number, sentAt));
        }

        synchronized boolean waiting() {
            return !socket.isClosed() && acknowledged + refused < sent;
        }

        @Override
        public synchronized void frame(String text, long now) {
            if (LoadFrames.is(text, "welcome")) {
                socket.send(LoadFrames.entangleEveryone(LoadFrames.SELECTOR));
            } else if (LoadFrames.is(text, "ack")) {
                if (LoadFrames.seq(text) == 1) {
                    ready.complete(null);
                    return;
                }
                acknowledged++;
                if (sentAt >= measureStart && now < measureEnd) {
                    windowAcks++;
                    if (samples == latencies.length) {
                        latencies = Arrays.copyOf(latencies, samples * 2);
                    }
                    latencies[samples++] = now - sentAt;
                }
                next();
            } else if (LoadFrames.is(text, "error")) {
                if (!ready.isDone()) {
                    ready.completeExceptionally(new IllegalStateException(id + " was refused: " + text));
                    return;
                }
                refused++;
                next();
            }
        }

        void close() {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
