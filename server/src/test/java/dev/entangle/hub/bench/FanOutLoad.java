package dev.entangle.hub.bench;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One room, {@code clients} sockets, the first {@code senders} of them changing one bound value at a
 * fixed total rate (open loop: a change leaves when it is due, whatever came back), every socket
 * timing each other socket's changes from the moment it was due to its arrival. Against the hub
 * each client says {@code hello} and entangles the selector with everyone ({@code to: '*'}); against
 * the bare relay the same change frames go out and come back unread by anything in between.
 *
 * <p>After sending stops it waits (bounded) for the backlog to drain, then checks that every
 * accepted change — acknowledged by the hub, or sent, through the relay — reached every other
 * client exactly once.
 *
 * <p>Several hub nodes: {@code url} may list several, comma-separated; client {@code i} connects to
 * the {@code i % n}-th, and latencies are also reported apart for sender and receiver on the same
 * node and on two nodes. {@link #runRooms} runs the same load in several rooms at once.
 */
final class FanOutLoad {
    record Settings(String url, boolean relay, String room, int clients, int senders, int rate, long warmupMillis,
            long measureMillis, long drainMillis) {
        Settings {
            if (senders < 1 || senders > clients || clients < 2 || rate < 1) {
                throw new IllegalArgumentException("need 2+ clients, 1..clients senders and a rate of 1+, got "
                        + clients + " clients, " + senders + " senders, " + rate + "/s");
            }
        }
    }

    record Result(Settings settings, int rooms, long sent, long accepted, long refused, double acceptedPerSecond,
            double deliveredPerSecond, int samples, double p50Millis, double p99Millis, double maxMillis,
            boolean drained, double drainMillis, long lost, long duplicates, int closed, String closeCodes,
            List<Long> latencyHistogram, long[] sorted, long[] sameNode, long[] otherNode) {

        /** Deliveries the offered rate asks for: every change to every client but its sender. */
        double expectedPerSecond() {
            return (double) settings.rate() * (settings.clients() - 1);
        }

        Map<String, Object> toMap() {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("target", settings.relay() ? "relay" : "hub");
            out.put("clients", (long) settings.clients());
            out.put("senders", (long) settings.senders());
            out.put("offered", (long) settings.rate());
            out.put("sent", sent);
            out.put("accepted", accepted);
            out.put("refused", refused);
            out.put("acceptedPerSecond", LoadGenerator.figure(acceptedPerSecond));
            out.put("deliveredPerSecond", deliveredPerSecond);
            out.put("expectedPerSecond", expectedPerSecond());
            out.put("samples", (long) samples);
            out.put("p50Ms", LoadGenerator.figure(p50Millis));
            out.put("p99Ms", LoadGenerator.figure(p99Millis));
            out.put("maxMs", LoadGenerator.figure(maxMillis));
            out.put("drained", drained);
            out.put("drainMs", LoadGenerator.figure(drainMillis));
            out.put("lost", lost);
            out.put("duplicates", duplicates);
            out.put("closed", (long) closed);
            out.put("closeCodes", closeCodes);
            if (rooms > 1) {
                out.put("rooms", (long) rooms);
            }
            if (otherNode.length > 0) {
                out.put("sameNodeP50Ms", LoadGenerator.figure(percentile(sameNode, 0.50)));
                out.put("sameNodeP99Ms", LoadGenerator.figure(percentile(sameNode, 0.99)));
                out.put("otherNodeP50Ms", LoadGenerator.figure(percentile(otherNode, 0.50)));
                out.put("otherNodeP99Ms", LoadGenerator.figure(percentile(otherNode, 0.99)));
            }
            out.put("latencyHistogram", latencyHistogram);
            return out;
        }
    }

    private static final long NO_PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Settings settings;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile long measureStart = Long.MAX_VALUE;
    private volatile long sendEnd = Long.MAX_VALUE;

    private FanOutLoad(Settings settings) {
        this.settings = settings;
    }

    static Result run(Settings settings) throws InterruptedException {
        return new FanOutLoad(settings).run();
    }

    /**
     * The load of {@code settings} in {@code rooms} rooms at once (named room-0, room-1, …), added up.
     * {@code roomPerNode}: with several hub URLs, each room's clients all go to one node (room k to the
     * k-th, round robin), as a load balancer routing by room does; otherwise every room's clients
     * spread over the nodes.
     */
    static Result runRooms(Settings settings, int rooms, boolean roomPerNode) throws InterruptedException {
        if (rooms <= 1) {
            return run(settings);
        }
        String[] urls = settings.url().split(",");
        List<CompletableFuture<Result>> runs = new ArrayList<>();
        for (int k = 0; k < rooms; k++) {
            Settings one = new Settings(roomPerNode ? urls[k % urls.length] : settings.url(), settings.relay(),
                    settings.room() + "-" + k, settings.clients(),
                    settings.senders(), settings.rate(), settings.warmupMillis(), settings.measureMillis(),
                    settings.drainMillis());
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return run(one);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, LoadGenerator.executor()));
        }
        List<Result> results = new ArrayList<>();
        for (CompletableFuture<Result> run : runs) {
            results.add(run.join());
        }
        Settings all = new Settings(settings.url(), settings.relay(), settings.room(), settings.clients(),
                settings.senders(), settings.rate() * rooms, settings.warmupMillis(), settings.measureMillis(),
                settings.drainMillis());
        long[] sorted = merged(results.stream().map(Result::sorted).toList());
        StringBuilder codes = new StringBuilder();
        results.forEach(r -> codes.append(r.closeCodes()));
        return new Result(all, rooms, results.stream().mapToLong(Result::sent).sum(),
                results.stream().mapToLong(Result::accepted).sum(), results.stream().mapToLong(Result::refused).sum(),
                results.stream().mapToDouble(Result::acceptedPerSecond).sum(),
                results.stream().mapToDouble(Result::deliveredPerSecond).sum(), sorted.length,
                percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
                results.stream().allMatch(Result::drained),
                results.stream().mapToDouble(Result::drainMillis).max().orElse(Double.NaN),
                results.stream().mapToLong(Result::lost).sum(), results.stream().mapToLong(Result::duplicates).sum(),
                results.stream().mapToInt(Result::closed).sum(), codes.toString(), LatencyHistogram.counts(sorted),
                sorted, merged(results.stream().map(Result::sameNode).toList()),
                merged(results.stream().map(Result::otherNode).toList()));
    }

    private static long[] merged(List<long[]> parts) {
        long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        Arrays.sort(all);
        return all;
    }

    private Result run() throws InterruptedException {
        ExecutorService executor = LoadGenerator.executor();
        HttpClient http = HttpClient.newBuilder().executor(executor).build();
        List<Member> members = new ArrayList<>();
        try {
            for (int i = 0; i < settings.clients(); i++) {
                members.add(new Member(i));
            }
            for (Member member : members) {
                member.connect(http);
            }
            CompletableFuture.allOf(members.stream().map(m -> m.ready).toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            Thread.sleep(200); // the relay registers a socket just after the handshake completes
            return measure(members);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the clients could not join: " + e, e);
        } finally {
            members.forEach(Member::close);
            executor.shutdownNow();
        }
    }

    private Result measure(List<Member> members) throws InterruptedException {
        int rate = settings.rate();
        long start = System.nanoTime();
        measureStart = start + TimeUnit.MILLISECONDS.toNanos(settings.warmupMillis());
        sendEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(settings.measureMillis());
        long total = (long) rate * (settings.warmupMillis() + settings.measureMillis()) / 1_000;
        long[] sent = new long[settings.senders()];
        long windowSent = 0;
        for (long k = 0; k < total; ) {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            for (; k < due; k++) {
                int s = (int) (k % settings.senders());
                long scheduled = start + k * 1_000_000_000L / rate;
                long number = sent[s]++;
                Member sender = members.get(s);
                sender.socket.send(LoadFrames.change(LoadFrames.SELECTOR, sender.id, number + 2, s, number, scheduled));
                if (scheduled >= measureStart) {
                    windowSent++;
                }
            }
            LockSupport.parkNanos(200_000);
        }
        long sentTotal = Arrays.stream(sent).sum();
        boolean drained = drain(members, sentTotal);

        long accepted = 0;
        long windowAccepted = 0;
        long windowDelivered = 0;
        long last = sendEnd;
        List<long[]> latencies = new ArrayList<>();
        List<long[]> sameNode = new ArrayList<>();
        List<long[]> otherNode = new ArrayList<>();
        int samples = 0;
        for (Member m : members) {
            synchronized (m) {
                accepted += settings.relay() ? (m.index < sent.length ? sent[m.index] : 0) : m.acked.cardinality();
                windowAccepted += m.windowAcks;
                windowDelivered += m.windowDeliveries;
                last = Math.max(last, Math.max(m.lastReceipt, m.lastAck));
                latencies.add(Arrays.copyOf(m.latencies, m.samples));
                sameNode.add(Arrays.copyOf(m.sameNode, m.sameNodeSamples));
                otherNode.add(Arrays.copyOf(m.otherNode, m.otherNodeSamples));
                samples += m.samples;
            }
        }
        long[] all = new long[samples];
        int at = 0;
        for (long[] part : latencies) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        Arrays.sort(all);
        long lost = 0;
        long duplicates = 0;
        int closed = 0;
        Map<Integer, Integer> codes = new TreeMap<>();
        for (Member receiver : members) {
            synchronized (receiver) {
                duplicates += receiver.duplicates;
                for (int s = 0; s < settings.senders(); s++) {
                    if (s == receiver.index) {
                        continue;
                    }
                    BitSet expected = expected(members.get(s), sent[s]);
                    expected.andNot(receiver.seen[s]);
                    lost += expected.cardinality();
                }
            }
            if (receiver.socket.isClosed()) {
                closed++;
                codes.merge(receiver.socket.closed.getNow(-1), 1, Integer::sum);
            }
        }
        double seconds = settings.measureMillis() / 1_000.0;
        return new Result(settings, 1, sentTotal, accepted, errors.sum(),
                (settings.relay() ? windowSent : windowAccepted) / seconds, windowDelivered / seconds, samples,
                percentile(all, 0.50), percentile(all, 0.99), all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6,
                drained, drained ? Math.max(0, last - sendEnd) / 1e6 : Double.NaN, lost, duplicates, closed,
                codes.toString(), LatencyHistogram.counts(all), all, nodes() > 1 ? merged(sameNode) : new long[0],
                nodes() > 1 ? merged(otherNode) : new long[0]);
    }

    private String[] urls() {
        return settings.url().split(",");
    }

    private int nodes() {
        return urls().length;
    }

    private BitSet expected(Member sender, long sent) {
        if (settings.relay()) {
            BitSet all = new BitSet();
            all.set(0, (int) sent);
            return all;
        }
        synchronized (sender) {
            return (BitSet) sender.acked.clone();
        }
    }

    /** Waits until every change is answered and delivered, progress stops for 5 s, or the drain bound passes. */
    private boolean drain(List<Member> members, long sentTotal) throws InterruptedException {
        long deadline = sendEnd + TimeUnit.MILLISECONDS.toNanos(settings.drainMillis());
        long seen = -1;
        long progressAt = System.nanoTime();
        while (true) {
            long answered = acks.sum() + errors.sum();
            long accepted = settings.relay() ? sentTotal : acks.sum();
            boolean complete = (settings.relay() || answered >= sentTotal)
                    && delivered.sum() >= accepted * (settings.clients() - 1);
            if (complete) {
                return true;
            }
            long now = System.nanoTime();
            long progress = answered + delivered.sum();
            if (progress != seen) {
                seen = progress;
                progressAt = now;
            }
            if (now - progressAt > NO_PROGRESS_NANOS || now > deadline
                    || members.stream().allMatch(m -> m.socket.isClosed())) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** One client: its socket, what it has seen of each sender's changes, and (for a sender) what was acknowledged. */
    private final class Member implements LoadSocket.Receiver {
        final int index;
        final String id;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final BitSet[] seen = new BitSet[settings.senders()];
        final BitSet acked = new BitSet();
        volatile LoadSocket socket;
        long duplicates;
        long[] latencies = new long[4_096];
        int samples;
        long[] sameNode = new long[0];
        int sameNodeSamples;
        long[] otherNode = new long[0];
        int otherNodeSamples;
        long windowDeliveries;
        long windowAcks;
        long lastReceipt;
        long lastAck;

        Member(int index) {
            this.index = index;
            this.id = "c" + index + "-" + settings.room(); // unique across rooms: a client id is one connection
            Arrays.setAll(seen, s -> new BitSet());
        }

        void connect(HttpClient http) {
            // The relay's rooms are paths; the hub's are named in hello. Several nodes: clients spread over them.
            String node = urls()[index % nodes()];
            String url = settings.relay() ? node + "/" + settings.room() : node;
            LoadSocket.open(http, url, this).whenComplete((opened, failure) -> {
                if (failure != null) {
                    ready.completeExceptionally(failure);
                    return;
                }
                socket = opened;
                if (settings.relay()) {
                    ready.complete(null);
                } else {
                    opened.send(LoadFrames.hello(id, settings.room()));
                }
            });
        }

        @Override
        public synchronized void frame(String text, long now) {
            if (LoadFrames.is(text, "mutation") || LoadFrames.is(text, "mutations")) {
                received(text, now);
            } else if (LoadFrames.is(text, "welcome")) {
                socket.send(LoadFrames.entangleEveryone(LoadFrames.SELECTOR));
            } else if (LoadFrames.is(text, "ack")) {
                long seq = LoadFrames.seq(text);
                if (seq == 1) {
                    ready.complete(null);
                } else if (seq >= 2) {
                    acked.set((int) (seq - 2));
                    acks.increment();
                    lastAck = now;
                    if (now >= measureStart && now < sendEnd) {
                        windowAcks++;
                    }
                }
            } else if (LoadFrames.is(text, "error")) {
                errors.increment();
                if (!ready.isDone()) {
                    ready.completeExceptionally(new IllegalStateException(id + " was refused: " + text));
                }
            }
        }

        /** A {@code mutation} or {@code mutations} frame: each change in it is counted, as it arrived now. */
        private void received(String text, long now) {
            for (long[] change : LoadFrames.changeValues(text)) {
                received(change, now);
            }
        }

        private void received(long[] change, long now) {
            if (change[0] == index || change[0] >= seen.length) {
                return; // our own
            }
            BitSet from = seen[(int) change[0]];
            if (from.get((int) change[1])) {
                duplicates++;
                return;
            }
            from.set((int) change[1]);
            delivered.increment();
            lastReceipt = now;
            if (now >= measureStart && now < sendEnd) {
                windowDeliveries++;
            }
            if (change[2] >= measureStart && change[2] < sendEnd) {
                if (samples == latencies.length) {
                    latencies = Arrays.copyOf(latencies, samples * 2);
                }
                latencies[samples++] = now - change[2];
                if (nodes() > 1) { // a sender is client change[0], on node change[0] % nodes
                    if (change[0] % nodes() == index % nodes()) {
                        sameNode = add(sameNode, sameNodeSamples++, now - change[2]);
                    } else {
                        otherNode = add(otherNode, otherNodeSamples++, now - change[2]);
                    }
                }
            }
        }

        private static long[] add(long[] to, int at, long value) {
            long[] out = at == to.length ? Arrays.copyOf(to, Math.max(16, at * 2)) : to;
            out[at] = value;
            return out;
        }

        void close() {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
