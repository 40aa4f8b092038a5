package dev.entangle.hub.bench;

import dev.entangle.client.jvm.JavaSyncClient;
import dev.entangle.core.json.Json;
import dev.entangle.core.sync.Mutators;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scale-out figures (issue 14), from outside: hub nodes as processes of the real jar on one
 * PostgreSQL event log (a fresh schema per run) and Redis, the load from a third kind of process
 * ({@link LoadGenerator}, clients spread round robin over the nodes). One node against three on this
 * machine for one room of 100 clients and for 10 rooms of 20; latency apart for sender and
 * receiver on the same node and on two; durable acknowledgements with 50 writers on PostgreSQL
 * beside SQLite. Writes {@code server/target/benchmarks/cluster.md}.
 *
 * <pre>
 * mvn -B -ntp -q -DskipTests package
 * java -cp server/target/entangle-hub.jar:server/target/test-classes:server/jvm-client/target/classes \
 *      dev.entangle.hub.bench.ClusterBenchmark
 *      [--postgres jdbc:postgresql://127.0.0.1:5432/test?user=postgres] [--redis redis://127.0.0.1:6379]
 * </pre>
 */
public final class ClusterBenchmark {
    private final Path hubJar = Path.of("server/target/entangle-hub.jar");
    private final Path testClasses = Path.of("server/target/test-classes");
    private final String postgres;
    private final String redis;
    private final List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    private final StringBuilder report = new StringBuilder();

    private ClusterBenchmark(Map<String, String> options) {
        postgres = options.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        redis = options.getOrDefault("redis", "redis://127.0.0.1:6379");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new ClusterBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        report.append("### Several nodes (issue 14)\n\nMeasured ").append(LocalDateTime.now().withNano(0))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores: hub nodes ")
                .append("`java -jar entangle-hub.jar --event-log jdbc:postgresql:… --backplane redis://…`, each a process,")
                .append(" a fresh PostgreSQL schema per run; the load generator spreads clients round robin over the nodes.\n\n")
                .append("| load | nodes | accepted/s | delivered/s (expected) | p50 | p99 | same node p50 / p99 | two nodes p50 / p99 | lost |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int nodes : new int[] {1, 3}) {
            fanout("one room, 100 clients, 10 senders, 200 changes/s", nodes, List.of("--clients", "100", "--senders",
                    "10", "--rate", "200"));
        }
        for (int nodes : new int[] {1, 3}) {
            fanout("10 rooms of 20 clients, 10 senders each, 100 changes/s each", nodes, List.of("--rooms", "10",
                    "--clients", "20", "--senders", "10", "--rate", "100"));
        }
        fanout("the same, each room's clients on one node (routed by room)", 3, List.of("--rooms", "10",
                "--clients", "20", "--senders", "10", "--rate", "100", "--spread", "room"));
        report.append("\n| durable acks, 50 writers each alone in its room | acks/s | p50 | p99 |\n| --- | ---: | ---: | ---: |\n");
        acks("PostgreSQL (one node)", true);
        acks("SQLite (one node, the default)", false);
        failover();
        Path out = Path.of("server/target/benchmarks");
        Files.createDirectories(out);
        Files.writeString(out.resolve("cluster.md"), report);
        System.out.print(report);
        System.out.println("(written to " + out.toAbsolutePath().resolve("cluster.md") + ")");
    }

    private void fanout(String load, int nodes, List<String> args) throws Exception {
        try (Cluster cluster = cluster(nodes)) {
            List<String> all = new ArrayList<>(List.of("fanout", "--url", cluster.urls(), "--warmup-ms", "2000",
                    "--measure-ms", "5000", "--drain-ms", "30000"));
            all.addAll(args);
            Map<String, Object> r = LoadProcess.run(java, classPath(), all, 180_000, null);
            System.out.println("  " + load + ", " + nodes + " node(s): " + shown(r));
            report.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f (%,.0f) | %s | %s | %s | %s | %s |%n", load, nodes,
                    number(r, "acceptedPerSecond"), number(r, "deliveredPerSecond"), number(r, "expectedPerSecond"),
                    ms(r, "p50Ms"), ms(r, "p99Ms"), pair(r, "sameNodeP50Ms", "sameNodeP99Ms"),
                    pair(r, "otherNodeP50Ms", "otherNodeP99Ms"), Boolean.TRUE.equals(r.get("drained")) ? r.get("lost")
                            : "not drained"));
        }
    }

    private void acks(String name, boolean onPostgres) throws Exception {
        try (Cluster cluster = onPostgres ? cluster(1) : sqlite()) {
            Map<String, Object> r = LoadProcess.run(java, classPath(), List.of("acks", "--url", cluster.urls(),
                    "--writers", "50", "--warmup-ms", "1000", "--measure-ms", "4000"), 60_000, null);
            System.out.println("  acks " + name + ": " + shown(r));
            report.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s |%n", name, number(r, "acksPerSecond"),
                    ms(r, "p50Ms"), ms(r, "p99Ms")));
        }
    }

    /**
     * Failover: 20 JVM clients ({@code JavaSyncClient}, each given both nodes' URLs) on two nodes; the
     * node under some of them is killed (SIGKILL), and each of those at once makes a named operation:
     * the time until the other node confirmed it is the time its client took to notice, move and resume.
     */
    private void failover() throws Exception {
        try (Cluster cluster = cluster(2)) {
            List<String> urls = List.of(cluster.urls().split(","));
            List<JavaSyncClient> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                clients.add(JavaSyncClient.connect(urls, "f" + i, "failover", null, todos()));
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).mutate("addTodo", Map.of("id", "warm-" + i, "title", "warm")).get(10,
                        TimeUnit.SECONDS);
            }
            String victim = urls.get(0);
            List<JavaSyncClient> moving = clients.stream()
                    .filter(c -> c.hubUrl().equals(victim)).toList();
            cluster.nodes.get(0).kill();
            long killed = System.nanoTime();
            List<CompletableFuture<Long>> resumed = new ArrayList<>();
            for (int i = 0; i < moving.size(); i++) {
                resumed.add(moving.get(i).mutate("addTodo", Map.of("id", "after-" + i, "title", "moved"))
                        .thenApply(done -> System.nanoTime() - killed));
            }
            long[] millis = new long[resumed.size()];
            for (int i = 0; i < millis.length; i++) {
                millis[i] = resumed.get(i).get(60, TimeUnit.SECONDS) / 1_000_000;
            }
            Arrays.sort(millis);
            clients.forEach(JavaSyncClient::close);
            String line = String.format(Locale.ROOT, "| %d of 20 clients on the killed node | %d ms | %d ms | %d ms |%n",
                    millis.length, millis.length == 0 ? 0 : millis[millis.length / 2],
                    millis.length == 0 ? 0 : millis[millis.length - 1], millis.length == 0 ? 0 : millis[0]);
            System.out.print("  failover: " + line);
            report.append("\n| failover: node killed (SIGKILL) → its clients' next operation confirmed by the other node"
                    + " | p50 | max | min |\n| --- | ---: | ---: | ---: |\n").append(line);
        }
    }

    /** The demo's addTodo, as a JVM client runs it locally. */
    private static Mutators todos() {
        return Mutators.withEntityOperations().register("addTodo", (tx, args) -> {
            Map<?, ?> a = (Map<?, ?>) args;
            tx.put("todo", (String) a.get("id"), Map.of("title", a.get("title"), "done", false, "order", 1L));
        });
    }

    /** {@code nodes} hub processes on a fresh schema of the PostgreSQL log and the Redis backplane. */
    private Cluster cluster(int nodes) throws Exception {
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection db = DriverManager.getConnection(postgres); Statement s = db.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        Cluster cluster = new Cluster(schema);
        for (int i = 0; i < nodes; i++) {
            List<String> command = new ArrayList<>(java);
            command.addAll(List.of("-jar", hubJar.toString(), "--port", "0", "--messages-per-second", "0",
                    "--event-log", postgres + "&currentSchema=" + schema, "--backplane", redis, "--node-id", "n" + i));
            cluster.nodes.add(ServerProcess.start("node-" + i, command));
        }
        return cluster;
    }

    private Cluster sqlite() throws Exception {
        Cluster cluster = new Cluster(null);
        Path data = Files.createTempDirectory("entangle-cluster-sqlite");
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-jar", hubJar.toString(), "--port", "0", "--messages-per-second", "0", "--data-dir",
                data.toString()));
        cluster.nodes.add(ServerProcess.start("sqlite-hub", command));
        return cluster;
    }

    private String classPath() {
        return hubJar.toAbsolutePath() + File.pathSeparator + testClasses.toAbsolutePath();
    }

    private static String shown(Map<String, Object> r) {
        Map<String, Object> shown = new LinkedHashMap<>(r);
        shown.remove("latencyHistogram");
        return Json.write(shown);
    }

    private static double number(Map<String, Object> r, String key) {
        return r.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String ms(Map<String, Object> r, String key) {
        double value = number(r, key);
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%,.0f ms", value);
    }

    private static String pair(Map<String, Object> r, String p50, String p99) {
        return r.containsKey(p50) ? ms(r, p50) + " / " + ms(r, p99) : "–";
    }

    /** Hub processes and the schema they share, dropped at close. */
    private final class Cluster implements AutoCloseable {
        final List<ServerProcess> nodes = new ArrayList<>();
        final String schema;

        Cluster(String schema) {
            this.schema = schema;
        }

        String urls() {
            List<String> urls = new ArrayList<>();
            for (ServerProcess node : nodes) {
                urls.add("ws://127.0.0.1:" + node.port() + "/entangle");
            }
            return String.join(",", urls);
        }

        @Override
        public void close() throws Exception {
            for (ServerProcess node : nodes) {
                node.close();
            }
            if (schema != null) {
                try (Connection db = DriverManager.getConnection(postgres); Statement s = db.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }
}
