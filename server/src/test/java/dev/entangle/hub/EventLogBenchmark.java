package dev.entangle.hub;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.bench.BenchReport;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.MemoryEventLog;
import dev.entangle.hub.store.PostgresEventLog;
import dev.entangle.hub.store.SqliteEventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The durable path's figures, each with the in-memory log as the baseline in the same run:
 * append-and-acknowledge latency and acknowledged changes per second (one writer, and 10 and 50
 * writers in rooms of their own, whose appends group commit puts into shared transactions), for
 * memory, SQLite and, when the test database answers, PostgreSQL; hub restart time with a log of one million events; and the time a
 * client 10,000 text operations behind takes to catch up over a real socket.
 */
public final class EventLogBenchmark {
    private EventLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Files.createTempDirectory("entangle-eventlog-bench");
        BenchReport report = new BenchReport("event-log", "Event log: durable acknowledgements, restart, catch-up");
        report.line("| log | changes | p50 | p99 | acknowledged changes/s, 1 writer | 10 writers, 10 rooms"
                        + " | 50 writers, 50 rooms | p50 / p99 with 50 writers | events per transaction (50) |")
                .line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        int[] round = {0};
        acknowledgements(report, "in memory (baseline)", 50_000, 200_000, MemoryEventLog::new);
        acknowledgements(report, "SQLite, WAL, synchronous=FULL", 3_000, 40_000,
                () -> SqliteEventLog.open(scratch.resolve("ack-" + round[0]++)));
        postgresAcknowledgements(report);

        report.line("").line("| log | events replayed | open + the room read back (its first client served) |").line("| --- | ---: | ---: |");
        Path big = scratch.resolve("restart");
        fill(big, 1_000_000);
        restart(report, big, "1,000,000 events, no snapshot");
        try (EventLog log = SqliteEventLog.open(big)) {
            Hub hub = new Hub(new HubConfig(), log);
            hub.roomForHttp("demo"); // read back, as its first client would
            hub.snapshotAll(); // what a graceful stop does
        }
        restart(report, big, "the same after a snapshot of each room");

        report.line("").line("| client behind by | caught up (text-open sent → last operation received) |")
                .line("| ---: | ---: |");
        catchUp(report, scratch.resolve("catch-up"), 10_000);
        report.write();
        System.exit(0);
    }

    /** Opens the log and replays it into a hub twice; reports the second (warm JVM). */
    private static void restart(BenchReport report, Path directory, String name) {
        for (int run = 0; run < 2; run++) {
            long started = System.nanoTime();
            try (EventLog log = SqliteEventLog.open(directory)) {
                // A room is read back when first used: the hub is ready, and the room loaded, here.
                new Hub(new HubConfig(), log).roomForHttp("demo");
                double seconds = (System.nanoTime() - started) / 1e9;
                if (run == 1) {
                    report.line(String.format("| %s | %,d | %.2f s |", name, log.size(), seconds));
                }
            }
        }
    }

    /**
     * The same figures for the PostgreSQL log, in a schema of its own (dropped afterwards), when the
     * test database answers; a row saying why not otherwise, so a missing figure is never silent.
     */
    private static void postgresAcknowledgements(BenchReport report) throws Exception {
        String name = "PostgreSQL, synchronous_commit=on, same machine (TCP)";
        try {
            DriverManager.getConnection(PostgresTestSchema.DATABASE_URL).close();
        } catch (SQLException e) {
            report.line("| " + name + " | not measured: the database did not answer (" + e.getMessage()
                    + ") | | | | | | | |");
            return;
        }
        try (PostgresTestSchema schema = PostgresTestSchema.create("entangle_bench")) {
            acknowledgements(report, name, 3_000, 40_000, () -> PostgresEventLog.open(schema.url()));
        }
    }

    /** The hub's own speed is measured, not a client's rate limit: limits off. */
    private static HubConfig unlimited() {
        HubConfig config = new HubConfig();
        config.messagesPerSecond = 0;
        return config;
    }

    /** Sequential changes from one writer (latency, rate), then 10 and 50 writers in rooms of their own at once (rate, latency). */
    private static void acknowledgements(BenchReport report, String name, int changes, int concurrentChanges,
            Supplier<EventLog> logs) throws Exception {
        EventLog log = logs.get();
        Hub hub = new Hub(unlimited(), log);
        HubPeer writer = new HubPeer(hub, "writer", "solo");
        writer.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        for (int i = 0; i < changes / 10; i++) { // warm-up
            writer.change("#volume", "w" + i);
            writer.next();
        }
        long[] latencies = new long[changes];
        long started = System.nanoTime();
        for (int i = 0; i < changes; i++) {
            long t0 = System.nanoTime();
            writer.change("#volume", String.valueOf(i));
            // The hub handles a frame synchronously: when received() returns, the ack is on its way.
            latencies[i] = System.nanoTime() - t0;
            if (!(writer.next() instanceof Message.Ack)) {
                throw new IllegalStateException("change " + i + " was not acknowledged");
            }
        }
        double oneWriter = changes / ((System.nanoTime() - started) / 1e9);

        concurrent(hub, 25, concurrentChanges / 4); // warm-up of the concurrent path (rooms of its own)
        Concurrent ten = concurrent(hub, 10, concurrentChanges);
        long commitsBefore = hub.stats().commits();
        long eventsBefore = Math.round(hub.stats().commitMeanEvents() * commitsBefore);
        Concurrent fifty = concurrent(hub, 50, concurrentChanges);
        long commits = hub.stats().commits() - commitsBefore;
        long events = Math.round(hub.stats().commitMeanEvents() * hub.stats().commits()) - eventsBefore;
        log.close();
        Arrays.sort(latencies);
        report.line(String.format("| %s | %,d | %.1f µs | %.1f µs | %,.0f | %,.0f | %,.0f | %.2f / %.2f ms | %.1f |",
                name, changes, latencies[changes / 2] / 1e3, latencies[(int) (changes * 0.99)] / 1e3, oneWriter,
                ten.perSecond(), fifty.perSecond(), fifty.p50Millis(), fifty.p99Millis(), (double) events / commits));
    }

    /** Acknowledged changes per second and each change's wait for its ack, with {@code writers} at once. */
    private record Concurrent(double perSecond, double p50Millis, double p99Millis) {
    }

    /** {@code writers} in rooms of their own, each sending its next change once the last was acknowledged. */
    private static Concurrent concurrent(Hub hub, int writers, int changes) throws InterruptedException {
        int each = Math.max(20, changes / writers);
        List<HubPeer> peers = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            HubPeer peer = new HubPeer(hub, "writer" + w + "of" + writers, "room" + w + "of" + writers);
            peer.entangle("#volume", "*", Mode.BIDIRECTIONAL);
            peers.add(peer);
        }
        long[] latencies = new long[writers * each];
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            HubPeer peer = peers.get(w);
            int offset = w * each;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    long t0 = System.nanoTime();
                    peer.change("#volume", String.valueOf(i));
                    latencies[offset + i] = System.nanoTime() - t0;
                    peer.next();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double perSecond = latencies.length / ((System.nanoTime() - started) / 1e9);
        Arrays.sort(latencies);
        return new Concurrent(perSecond, latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6);
    }

    /** A million events, half value changes over 100 bindings, half insertions into 10 documents. */
    private static void fill(Path directory, int events) {
        try (EventLog log = SqliteEventLog.open(directory)) {
            long[] revisions = new long[10];
            long[] serverSeqs = new long[100];
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                if (i % 2 == 0) {
                    int binding = (i / 2) % 100;
                    long serverSeq = ++serverSeqs[binding];
                    batch.add(new Event.ValueAccepted("demo", new MutationVector("#slider-" + binding,
                            MutationKind.PROPERTY, "value", null, String.valueOf(i), "alice", i, i), serverSeq,
                            Target.parse("*")));
                } else {
                    int doc = (i / 2) % 10;
                    long revision = ++revisions[doc];
                    int length = (int) revision - 1;
                    batch.add(new Event.TextCommitted("demo", "doc-" + doc, revision, "bob#tab", revision,
                            TextOperation.splice(length, length / 2, 0, "x")));
                }
                if (batch.size() == 10_000) {
                    log.appendAll(batch);
                    batch.clear();
                }
            }
            log.appendAll(batch);
        }
    }

    /** A document with {@code behind} operations; a client that saw revision 0 opens it again over a socket. */
    private static void catchUp(BenchReport report, Path directory, int behind) throws Exception {
        EntangleHub hub = EntangleHub.create(config -> {
            config.port = 0;
            config.dataDirectory = directory;
            config.messagesPerSecond = 0; // the writer sends as fast as the hub acknowledges
        }).start();
        try {
            RawSocketClient writer = new RawSocketClient("ws://127.0.0.1:" + hub.port() + "/entangle");
            writer.send(MessageCodec.encode(new Message.Hello("writer", "demo", "w")));
            String welcome = writer.next("\"welcome\"");
            String epoch = dev.entangle.core.json.Json.parseObject(welcome).string("epoch");
            writer.send(MessageCodec.encode(new Message.TextOpen(1, "notes", null, null)));
            writer.next("\"text-snapshot\"");
            for (int i = 0; i < behind; i++) {
                writer.send(MessageCodec.encode(new Message.TextOp(2L + i, "notes", i, TextOperation.splice(i, i, 0, "y"),
                        null)));
                writer.next("\"seq\":" + (2 + i) + ",");
            }
            for (int run = 0; run < 3; run++) {
                RawSocketClient reader = new RawSocketClient("ws://127.0.0.1:" + hub.port() + "/entangle");
                reader.send(MessageCodec.encode(new Message.Hello("reader" + run, "demo", "r")));
                reader.next("\"welcome\"");
                long started = System.nanoTime();
                reader.send(MessageCodec.encode(new Message.TextOpen(1, "notes", 0L, epoch)));
                reader.next("\"revision\":" + behind + ",");
                double millis = (System.nanoTime() - started) / 1e6;
                if (run == 2) {
                    report.line(String.format("| %,d text operations | %.0f ms |", behind, millis));
                }
                reader.close();
            }
        } finally {
            hub.stop();
        }
    }
}
