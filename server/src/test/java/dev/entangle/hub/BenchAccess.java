package dev.entangle.hub;

import dev.entangle.client.jvm.JavaSyncClient;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.sync.Mutators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Closed-loop load for the benchmarks in {@code bench}: many clients, each one change at a time. */
public final class BenchAccess {
    private BenchAccess() {
    }

    /** Changes per second over the measured window, and mutate → verdict latency percentiles. */
    public record Result(double perSecond, double p50Millis, double p99Millis) {
    }

    /** A window of time: warm-up, then the measured part. */
    private static final class Window {
        final AtomicBoolean measuring = new AtomicBoolean();
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicLong count = new AtomicLong();
        final List<Long> latencies = new ArrayList<>();

        void done(long nanos) {
            if (measuring.get() && !stopped.get()) {
                count.incrementAndGet();
                synchronized (latencies) {
                    latencies.add(nanos);
                }
            }
        }

        Result run(long warmupMillis, long measureMillis) throws InterruptedException {
            Thread.sleep(warmupMillis);
            measuring.set(true);
            long started = System.nanoTime();
            Thread.sleep(measureMillis);
            stopped.set(true);
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                throw new IllegalStateException("nothing was confirmed in the measured window");
            }
            return new Result(count.get() / seconds, sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
    }

    /** {@code clients} replicas in {@code room}, each upserting one of its 50 entities, one operation at a time. */
    public static Result operations(String url, String room, int clients, long warmupMillis, long measureMillis,
            FlushEngine.Settings flush) throws Exception {
        return operations(url, room, clients, 1, warmupMillis, measureMillis, flush);
    }

    /** The same with {@code outstanding} operations in the air per client (a new one as each is confirmed). */
    public static Result operations(String url, String room, int clients, int outstanding, long warmupMillis,
            long measureMillis, FlushEngine.Settings flush) throws Exception {
        Window window = new Window();
        List<JavaSyncClient> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            all.add(JavaSyncClient.connect(url, "c" + c, room, null, Mutators.withEntityOperations(), flush));
        }
        for (int c = 0; c < clients; c++) {
            JavaSyncClient client = all.get(c);
            String prefix = "c" + c + "-";
            AtomicLong next = new AtomicLong();
            Runnable[] send = new Runnable[1];
            send[0] = () -> {
                if (window.stopped.get()) {
                    return;
                }
                Map<String, Object> entity = new LinkedHashMap<>();
                long n = next.getAndIncrement();
                entity.put("n", n);
                long started = System.nanoTime();
                client.mutate(Mutators.UPSERT, Map.of("type", "item", "id", prefix + (n % 50), "entity", entity))
                        .whenComplete((ok, refused) -> {
                            if (refused != null) {
                                throw new IllegalStateException("refused", refused);
                            }
                            window.done(System.nanoTime() - started);
                            send[0].run();
                        });
            };
            for (int i = 0; i < outstanding; i++) {
                send[0].run();
            }
        }
        Result result = window.run(warmupMillis, measureMillis);
        for (JavaSyncClient client : all) {
            client.close();
        }
        return result;
    }

    /** The baseline: {@code clients} sockets in {@code room} changing a bound value, one change at a time. */
    public static Result boundValues(String url, String room, int clients, long warmupMillis, long measureMillis)
            throws Exception {
        Window window = new Window();
        List<RawSocketClient> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String id = "v" + c;
            RawSocketClient socket = new RawSocketClient(url);
            socket.send("{\"type\":\"hello\",\"clientId\":\"" + id + "\",\"room\":\"" + room + "\"}");
            socket.next("\"welcome\"");
            socket.send("{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#v\",\"to\":\"*\",\"mode\":\"bidirectional\"}");
            socket.next("\"ack\"");
            sockets.add(socket);
            threads.add(new Thread(() -> {
                try {
                    for (long seq = 2; !window.stopped.get(); seq++) {
                        long started = System.nanoTime();
                        socket.send("{\"type\":\"mutation\",\"vector\":{\"selector\":\"#v\",\"kind\":\"property\","
                                + "\"name\":\"value\",\"newValue\":\"" + seq + "\",\"source\":\"" + id + "\",\"seq\":"
                                + seq + ",\"timestamp\":1}}");
                        socket.next("{\"type\":\"ack\",\"seq\":" + seq + ",");
                        window.done(System.nanoTime() - started);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        threads.forEach(Thread::start);
        Result result = window.run(warmupMillis, measureMillis);
        for (Thread thread : threads) {
            thread.join();
        }
        for (RawSocketClient socket : sockets) {
            socket.close();
        }
        return result;
    }
}
