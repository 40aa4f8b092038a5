package dev.entangle.hub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 15's figures: {@code clients} simulated clients in one room, each moving its pointer 20
 * times a second and changing its presence every 3 s, and one chat message a second in the room;
 * first against the hub jar (its default SQLite log), then against {@link BareRelay} (every frame
 * to every other socket, unread), each a process of its own, with the load from this one.
 *
 * <p>A pointer's {@code x} carries its sender's sequence number, so each receiver times it from the
 * moment it was sent; receivers read frames by scanning, not parsing, so the load process is not
 * what limits. After the run the hub's chat export is counted: every acknowledged message must be
 * there, once.
 *
 * <p>{@code java -cp entangle-hub.jar:test-classes dev.entangle.hub.bench.MultiplayerBenchmark
 * [--clients 200] [--seconds 30] [--warmup 5]} (see server/bench/multiplayer.sh).
 */
public final class MultiplayerBenchmark {
    private static final int CURSOR_EVERY_MS = 50;
    private static final int PRESENCE_EVERY_MS = 3_000;
    private static final int CHAT_EVERY_MS = 1_000;
    private static final String ROOM = "mp";

    /** Latencies in tenths of a millisecond, up to 20 s. */
    private static final class Histogram {
        private final AtomicLongArray buckets = new AtomicLongArray(200_000);
        private final LongAdder count = new LongAdder();

        void add(long nanos) {
            int bucket = (int) Math.min(buckets.length() - 1, Math.max(0, nanos / 100_000));
            buckets.incrementAndGet(bucket);
            count.increment();
        }

        long count() {
            return count.sum();
        }

        double percentile(double p) {
            long total = count.sum();
            if (total == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(p * total);
            long seen = 0;
            for (int i = 0; i < buckets.length(); i++) {
                seen += buckets.get(i);
                if (seen >= rank) {
                    return (i + 1) / 10.0;
                }
            }
            return buckets.length() / 10.0;
        }
    }

    /** What one run measured. */
    record Result(String target, int clients, double seconds, long cursorsSent, long cursorsDelivered,
            double cursorP50, double cursorP99, double cursorMax, long presenceDelivered, long chatSent,
            long chatAcked, long chatStored, double chatP50, double chatP99, double chatLastP99, double chatAckP99,
            double serverCpu,
            double loadCpu, long heapBytes, long appends, long appendsOver25ms, long appendsOver100ms) {
    }

    private final int clients;
    private final long warmupMillis;
    private final long measureMillis;
    private final Path hubJar;
    private final Path testClasses;
    /** Flags the hub is started with, besides its port and data. */
    private final List<String> hubFlags;

    private MultiplayerBenchmark(int clients, long warmupMillis, long measureMillis, Path hubJar, Path testClasses,
            List<String> hubFlags) {
        this.clients = clients;
        this.warmupMillis = warmupMillis;
        this.measureMillis = measureMillis;
        this.hubJar = hubJar;
        this.testClasses = testClasses;
        this.hubFlags = hubFlags;
    }

    public static void main(String[] args) throws Exception {
        int clients = 200;
        long seconds = 30;
        long warmup = 5;
        String only = null;
        List<String> hubFlags = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--warmup" -> warmup = Long.parseLong(args[i + 1]);
                case "--only" -> only = args[i + 1];
                case "--awareness-interval-ms" -> hubFlags.addAll(List.of(args[i], args[i + 1]));
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        MultiplayerBenchmark bench = new MultiplayerBenchmark(clients, warmup * 1_000, seconds * 1_000,
                Path.of("server/target/entangle-hub.jar"), Path.of("server/target/test-classes"), hubFlags);
        Result hub = "relay".equals(only) ? null : bench.run(false);
        Result relay = "hub".equals(only) ? null : bench.run(true);
        report(hub, relay, clients, hubFlags);
    }

    private Result run(boolean relay) throws Exception {
        Path data = Files.createTempDirectory("entangle-multiplayer");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (relay) {
            command.addAll(List.of("-cp", hubJar.toAbsolutePath() + java.io.File.pathSeparator + testClasses.toAbsolutePath(),
                    BareRelay.class.getName(), "--port", "0"));
        } else {
            command.addAll(List.of("-jar", hubJar.toString(), "--port", "0", "--data-dir", data.toString(),
                    "--messages-per-second", "0"));
            command.addAll(hubFlags);
        }
        try (ServerProcess server = ServerProcess.start(relay ? "relay" : "hub", command)) {
            String url = "ws://127.0.0.1:" + server.port() + (relay ? "/relay/" + ROOM : "/entangle");
            return new Run(relay, url, server).measure();
        } finally {
            try (var files = Files.walk(data)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** One target under the load. */
    private final class Run {
        final boolean relay;
        final String url;
        final ServerProcess server;
        final List<LoadSocket> sockets = new ArrayList<>();
        final long[][] cursorSentAt = new long[clients][];
        final ConcurrentHashMap<Integer, Long> chatSentAt = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Integer, Long> chatLastAt = new ConcurrentHashMap<>();
        /** The messages sent while measuring: only theirs are timed (not the warm-up's, when the hub's code is cold). */
        final java.util.Set<Integer> chatTimed = ConcurrentHashMap.newKeySet();
        final Histogram cursor = new Histogram();
        final Histogram chat = new Histogram();
        final Histogram chatAck = new Histogram();
        final LongAdder presence = new LongAdder();
        final LongAdder cursorsSent = new LongAdder();
        final LongAdder chatAcked = new LongAdder();
        volatile boolean measuring;
        volatile long cursorMaxNanos;

        Run(boolean relay, String url, ServerProcess server) {
            this.relay = relay;
            this.url = url;
            this.server = server;
            int slots = (int) ((warmupMillis + measureMillis) / CURSOR_EVERY_MS) + 100;
            for (int i = 0; i < clients; i++) {
                cursorSentAt[i] = new long[slots];
            }
        }

        Result measure() throws Exception {
            List<HttpClient> http = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                http.add(HttpClient.newHttpClient());
            }
            for (int i = 0; i < clients; i++) {
                int me = i;
                LoadSocket socket = LoadSocket.open(http.get(i % http.size()), url, (frame, at) -> received(me, frame, at))
                        .get(30, TimeUnit.SECONDS);
                sockets.add(socket);
                if (!relay) {
                    socket.send("{\"type\":\"hello\",\"clientId\":\"c" + i + "\",\"room\":\"" + ROOM + "\"}");
                }
            }
            Thread.sleep(2_000); // every hello answered, the join lists sent
            var scheduler = Executors.newScheduledThreadPool(2);
            long start = System.nanoTime();
            long[] slot = new long[clients];
            for (int i = 0; i < clients; i++) {
                int me = i;
                scheduler.scheduleAtFixedRate(() -> moveCursor(me, slot), (long) i * CURSOR_EVERY_MS / clients,
                        CURSOR_EVERY_MS, TimeUnit.MILLISECONDS);
                scheduler.scheduleAtFixedRate(() -> changePresence(me), (long) i * PRESENCE_EVERY_MS / clients,
                        PRESENCE_EVERY_MS, TimeUnit.MILLISECONDS);
                scheduler.scheduleAtFixedRate(() -> sockets.get(me).send("{\"type\":\"ping\",\"time\":1}"),
                        1_000 + i * 10L, 5_000, TimeUnit.MILLISECONDS);
            }
            int[] chats = {0};
            scheduler.scheduleAtFixedRate(() -> sendChat(chats[0]++), 500, CHAT_EVERY_MS, TimeUnit.MILLISECONDS);
            Thread.sleep(warmupMillis);
            long cpuBefore = serverCpuNanos();
            long loadBefore = loadCpuNanos();
            long measuredFrom = System.nanoTime();
            measuring = true;
            Thread.sleep(measureMillis);
            measuring = false;
            double seconds = (System.nanoTime() - measuredFrom) / 1e9;
            long serverCpu = serverCpuNanos() - cpuBefore;
            long loadCpu = loadCpuNanos() - loadBefore;
            scheduler.shutdownNow();
            Thread.sleep(3_000); // the last chat messages land
            long heap = server.heapAfterGc();
            long stored = relay ? -1 : storedMessages();
            Map<String, Long> appendBuckets = relay ? Map.of() : appendBuckets();
            long sent = cursorsSent.sum();
            double[] lastPerMessage = chatLastAt.entrySet().stream()
                    .mapToDouble(e -> (e.getValue() - chatSentAt.get(e.getKey())) / 1e6).sorted().toArray();
            double lastP99 = lastPerMessage.length == 0 ? Double.NaN
                    : lastPerMessage[(int) Math.min(lastPerMessage.length - 1, Math.ceil(0.99 * lastPerMessage.length) - 1)];
            for (LoadSocket socket : sockets) {
                socket.close();
            }
            return new Result(relay ? "bare relay" : "hub", clients, seconds, sent, cursor.count(),
                    cursor.percentile(0.50), cursor.percentile(0.99), cursorMaxNanos / 1e6, presence.sum(),
                    chatSentAt.size(), chatAcked.sum(), stored, chat.percentile(0.50), chat.percentile(0.99), lastP99,
                    chatAck.percentile(0.99),
                    serverCpu / 1e9 / seconds, loadCpu / 1e9 / seconds, heap,
                    appendBuckets.getOrDefault("+Inf", 0L),
                    appendBuckets.getOrDefault("+Inf", 0L) - appendBuckets.getOrDefault("0.025", 0L),
                    appendBuckets.getOrDefault("+Inf", 0L) - appendBuckets.getOrDefault("0.1", 0L));
        }

        void moveCursor(int me, long[] slot) {
            int seq = (int) (slot[me]++ % cursorSentAt[me].length);
            double x = seq / 1e6;
            cursorSentAt[me][seq] = System.nanoTime();
            sockets.get(me).send("{\"type\":\"cursor\",\"area\":\"board\",\"x\":" + x + ",\"y\":0.5"
                    + (relay ? ",\"clientId\":\"c" + me + "\"}" : "}"));
            if (measuring) {
                cursorsSent.increment();
            }
        }

        void changePresence(int me) {
            String status = List.of("idle", "editing", "running").get((int) (System.nanoTime() % 3));
            sockets.get(me).send("{\"type\":\"presence\",\"state\":{\"status\":\"" + status + "\"}"
                    + (relay ? ",\"clientId\":\"c" + me + "\"}" : "}"));
        }

        void sendChat(int k) {
            int sender = k % clients;
            if (measuring) {
                chatTimed.add(k);
            }
            chatSentAt.put(k, System.nanoTime());
            sockets.get(sender).send("{\"type\":\"chat\",\"seq\":" + (1_000_000 + k) + ",\"chat\":\"main\",\"action\":\"send\","
                    + "\"id\":\"m" + k + "\",\"text\":\"message " + k + " from c" + sender + "\"}");
        }

        /**
         * Reads what it needs of a frame by scanning, not parsing, and without copying it: its type,
         * the sender, a pointer's x or a message's id (the load process's own garbage collections
         * would otherwise be what the tail of the latencies measures).
         */
        void received(int me, String frame, long at) {
            if (frame.startsWith("{\"type\":\"batch\"")) { // frames of the ephemeral lane that waited together
                int from = frame.indexOf("{\"type\":\"", 1);
                while (from >= 0) {
                    int next = frame.indexOf("{\"type\":\"", from + 1);
                    received(me, frame, from, next < 0 ? frame.length() : next, at);
                    from = next;
                }
                return;
            }
            received(me, frame, 0, frame.length(), at);
        }

        /** One frame: {@code frame} from {@code from} to {@code to}. */
        void received(int me, String frame, int from, int to, long at) {
            if (frame.startsWith("{\"type\":\"cursor\"", from)) {
                int sender = (int) digits(frame, after(frame, "\"clientId\":\"c", from, to));
                int seq = (int) Math.round(fraction(frame, after(frame, "\"x\":", from, to)) * 1e6);
                long latency = at - cursorSentAt[sender][seq];
                if (measuring) {
                    cursor.add(latency);
                    if (latency > cursorMaxNanos) {
                        cursorMaxNanos = latency;
                    }
                }
            } else if (frame.startsWith("{\"type\":\"presence\"", from)) {
                presence.increment();
            } else if (frame.startsWith("{\"type\":\"chat-event\"", from)
                    || (relay && frame.startsWith("{\"type\":\"chat\"", from))) {
                int k = (int) digits(frame, after(frame, "\"id\":\"m", from, to));
                Long sentAt = chatSentAt.get(k);
                if (sentAt != null && k % clients != me && chatTimed.contains(k)) {
                    chat.add(at - sentAt);
                    chatLastAt.merge(k, at, Math::max);
                }
            } else if (frame.startsWith("{\"type\":\"chat-result\"", from)) {
                chatAcked.increment();
                int seqChat = (int) digits(frame, after(frame, "\"seq\":", from, to)) - 1_000_000;
                Long sentAt = chatSentAt.get(seqChat);
                if (sentAt != null && chatTimed.contains(seqChat)) {
                    chatAck.add(at - sentAt);
                }
            }
        }

        long serverCpuNanos() {
            return ProcessHandle.of(server.pid()).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos)
                    .orElse(0L);
        }

        /** The hub's histogram of durable appends (chat, here), from its /metrics: count up to each bucket's bound. */
        Map<String, Long> appendBuckets() throws IOException, InterruptedException {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Long> buckets = new java.util.HashMap<>();
            String prefix = "entangle_event_log_append_seconds_bucket{le=\"";
            for (String line : text.split("\n")) {
                if (line.startsWith(prefix)) {
                    String bound = line.substring(prefix.length(), line.indexOf('"', prefix.length()));
                    buckets.put(bound, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
            return buckets;
        }

        long storedMessages() throws IOException, InterruptedException {
            String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/rooms/" + ROOM + "/chat/main/export?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return json.split("\"id\":\"m", -1).length - 1;
        }
    }

    private static long loadCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Where what follows {@code key} starts, between {@code from} and {@code to}. */
    private static int after(String text, String key, int from, int to) {
        int at = text.indexOf(key, from);
        if (at < 0 || at >= to) {
            throw new IllegalStateException("no " + key + " in " + text.substring(from, to));
        }
        return at + key.length();
    }

    /** The whole number written at {@code at}. */
    private static long digits(String text, int at) {
        long value = 0;
        for (int i = at; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** The number written at {@code at}: digits, a point and digits ({@code x} as the load writes it, below 1). */
    private static double fraction(String text, int at) {
        int end = at;
        while (end < text.length() && "0123456789.-+eE".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        return Double.parseDouble(text.substring(at, end));
    }

    /** A target not run ({@code --only}): its figures are blank. */
    private static Result notRun(String target, int clients) {
        return new Result(target, clients, Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, 0, 0, 0);
    }

    private static void report(Result hubRun, Result relayRun, int clients, List<String> hubFlags) throws IOException {
        Result hub = hubRun != null ? hubRun : notRun("hub", clients);
        Result relay = relayRun != null ? relayRun : notRun("bare relay", clients);
        BenchReport out = new BenchReport("multiplayer", "Multiplayer: " + hub.clients() + " clients in one room");
        out.line("Each client moves its pointer every " + CURSOR_EVERY_MS + " ms and changes its presence every "
                + PRESENCE_EVERY_MS / 1_000 + " s; one chat message a second in the room. Hub (jar, SQLite log) and"
                + " bare relay each a process of their own, the load a third, on the same cores."
                + (hubFlags.isEmpty() ? "" : " Hub flags: `" + String.join(" ", hubFlags) + "`.")).line("");
        out.line("| | hub | bare relay | hub / relay |").line("| --- | ---: | ---: | ---: |");
        row(out, "pointer moves sent /s", hub.cursorsSent() / hub.seconds(), relay.cursorsSent() / relay.seconds());
        row(out, "pointer deliveries /s", hub.cursorsDelivered() / hub.seconds(), relay.cursorsDelivered() / relay.seconds());
        row(out, "pointer deliveries / (sent × " + (hub.clients() - 1) + ")",
                hub.cursorsDelivered() / (double) Math.max(1, hub.cursorsSent() * (hub.clients() - 1L)),
                relay.cursorsDelivered() / (double) Math.max(1, relay.cursorsSent() * (relay.clients() - 1L)));
        row(out, "pointer latency p50 (ms)", hub.cursorP50(), relay.cursorP50());
        row(out, "pointer latency p99 (ms)", hub.cursorP99(), relay.cursorP99());
        row(out, "pointer latency max (ms)", hub.cursorMax(), relay.cursorMax());
        row(out, "presence deliveries /s", hub.presenceDelivered() / hub.seconds(), relay.presenceDelivered() / relay.seconds());
        row(out, "chat send → a member p50 (ms)", hub.chatP50(), relay.chatP50());
        row(out, "chat send → a member p99 (ms)", hub.chatP99(), relay.chatP99());
        row(out, "chat send → the last member p99 (ms)", hub.chatLastP99(), relay.chatLastP99());
        row(out, "chat send → its sender's acknowledgement p99 (ms)", hub.chatAckP99(), relay.chatAckP99());
        row(out, "server CPU (cores)", hub.serverCpu(), relay.serverCpu());
        row(out, "load process CPU (cores)", hub.loadCpu(), relay.loadCpu());
        row(out, "server heap after GC (MiB)", mebibytes(hub.heapBytes()), mebibytes(relay.heapBytes()));
        if (hubRun != null) {
            out.line("").line("Chat on the hub: " + hub.chatSent() + " messages sent, " + hub.chatAcked()
                    + " acknowledged, " + hub.chatStored() + " in the chat's export after the run; of the hub's "
                    + hub.appends() + " durable appends (its /metrics), " + hub.appendsOver25ms() + " took over 25 ms and "
                    + hub.appendsOver100ms() + " over 100 ms.");
        }
        out.write();
    }

    private static void row(BenchReport out, String what, double hub, double relay) {
        out.line(String.format(Locale.ROOT, "| %s | %s | %s | %s |", what, figure(hub), figure(relay),
                relay == 0 || Double.isNaN(relay) || Double.isNaN(hub) ? "" : String.format(Locale.ROOT, "%.2f×", hub / relay)));
    }

    private static double mebibytes(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / 1048576.0;
    }

    private static String figure(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
