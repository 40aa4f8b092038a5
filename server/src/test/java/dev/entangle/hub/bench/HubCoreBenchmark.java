package dev.entangle.hub.bench;

import dev.entangle.core.json.Json;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 13's figures, from outside the hub: the real hub jar and a bare WebSocket relay each run as
 * their own process, fresh for every row, and the load comes from a third ({@link LoadGenerator}).
 * Fan-out in one room, durable acknowledgements (the SQLite log beside one in memory) and 10,000
 * idle connections; writes {@code server/target/benchmarks/hub-core.md} (the tables) and
 * {@code hub-core.jsonl} (every run's raw result). See docs/BENCHMARKS.md, "Hub core (issue 13)".
 *
 * <pre>
 * server/bench/hub-core.sh [--hub-flags "--event-log sqlite"] [--memory-hub-flags "--event-log memory"]
 *                          [--only fanout,saturation,acks,idle] [--quick] [--jvm "-Xmx2g"] [--idle 10000]
 *                          [--histograms docs/images]
 * </pre>
 *
 * With {@code --histograms DIR}, each fan-out row also becomes a PNG of its latency distribution
 * (the hub and the bare relay on the same axes) and each acknowledgement row one of the SQLite log
 * beside the memory log, in DIR ({@link LatencyHistogramImage}).
 */
public final class HubCoreBenchmark {
    private final Path hubJar;
    private final Path testClasses;
    private final Path out;
    private final List<String> hubFlags;
    private final List<String> memoryHubFlags;
    private final List<String> jvm;
    private final List<String> only;
    private final boolean quick;
    private final int idleConnections;
    private final int idlePerRoom;
    /** Where the latency histograms go (null: none are drawn). */
    private final Path histograms;
    private final List<Map<String, Object>> results = new ArrayList<>();

    private HubCoreBenchmark(Map<String, String> options) {
        Path server = Files.isDirectory(Path.of("server", "target")) ? Path.of("server") : Path.of(".");
        hubJar = Path.of(options.getOrDefault("hub-jar", server.resolve("target/entangle-hub.jar").toString()));
        testClasses = Path.of(options.getOrDefault("classes", server.resolve("target/test-classes").toString()));
        out = Path.of(options.getOrDefault("out", server.resolve("target/benchmarks").toString()));
        hubFlags = words(options.get("hub-flags"));
        memoryHubFlags = options.containsKey("memory-hub-flags") ? words(options.get("memory-hub-flags")) : null;
        jvm = words(options.get("jvm"));
        only = words(options.getOrDefault("only", "fanout,saturation,acks,idle").replace(',', ' '));
        quick = options.containsKey("quick");
        idleConnections = Integer.parseInt(options.getOrDefault("idle", quick ? "500" : "10000"));
        idlePerRoom = Integer.parseInt(options.getOrDefault("per-room", "100"));
        histograms = options.containsKey("histograms") ? Path.of(options.get("histograms")) : null;
        for (Path required : List.of(hubJar, testClasses)) {
            if (!Files.exists(required)) {
                throw new IllegalArgumentException(required + " is missing: build first (mvn -B -ntp -q -DskipTests package)");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            boolean flag = name.equals("quick");
            options.put(name, flag ? "true" : args[++i]);
        }
        new HubCoreBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        HubCoreReport report = new HubCoreReport(hubFlags, memoryHubFlags, quick);
        if (only.contains("fanout") || only.contains("saturation")) {
            int measure = quick ? 1_000 : 5_000;
            List<int[]> cells = new ArrayList<>();
            if (only.contains("fanout")) {
                cells.add(new int[] {100, 1, 50});
                for (int clients : new int[] {20, 100}) {
                    for (int rate : new int[] {200, 1_000, 5_000}) {
                        cells.add(new int[] {clients, 10, rate});
                    }
                }
            }
            if (only.contains("saturation")) { // where a 20-client room stops keeping up
                for (int rate : new int[] {10_000, 20_000}) {
                    cells.add(new int[] {20, 10, rate});
                }
            }
            for (int[] cell : cells) {
                Map<String, Object> relay = fanOut(false, cell, measure);
                Map<String, Object> hub = fanOut(true, cell, measure);
                report.fanOut(hub, relay);
                histogram(report, "hub-core-fanout-" + cell[0] + "-clients-" + cell[1] + "-senders-" + cell[2] + "-per-s",
                        "One room: " + cell[0] + " clients, " + cell[1] + " senders, " + cell[2]
                                + " changes/s offered (send to delivery)",
                        series("Entangle hub", hub, LatencyHistogramImage.HUB),
                        series("bare relay", relay, LatencyHistogramImage.BASELINE));
            }
        }
        if (only.contains("acks")) {
            for (int writers : new int[] {1, 10, 50}) {
                Map<String, Object> memory = acks(true, writers);
                Map<String, Object> sqlite = acks(false, writers);
                report.acks(writers, sqlite, memory);
                histogram(report, "hub-core-acks-" + writers + "-writers", "Durable acknowledgements: " + writers
                                + " writer" + (writers == 1 ? "" : "s") + ", each alone in its room (send to ack)",
                        series("SQLite log (the jar's default)", sqlite, LatencyHistogramImage.HUB),
                        series("log in memory (baseline)", memory, LatencyHistogramImage.BASELINE));
            }
        }
        if (only.contains("idle")) {
            report.idle(idle(false), idle(true));
        }
        report.loadAverages(results.stream().map(r -> r.get("loadAverage")).filter(Double.class::isInstance)
                .mapToDouble(Double.class::cast).summaryStatistics());
        Files.createDirectories(out);
        Files.writeString(out.resolve("hub-core.md"), report.text());
        StringBuilder lines = new StringBuilder();
        results.forEach(r -> lines.append(Json.write(r)).append('\n'));
        Files.writeString(out.resolve("hub-core.jsonl"), lines);
        System.out.print(report.text());
        System.out.println("(written to " + out.toAbsolutePath().resolve("hub-core.md") + " and hub-core.jsonl)");
    }

    /**
     * A row's latency histograms as {@code histograms/name.png}, when asked for and when some run has
     * samples, linked from the report.
     */
    private void histogram(HubCoreReport report, String name, String title, LatencyHistogramImage.Series... series)
            throws IOException {
        if (histograms == null) {
            return;
        }
        if (Stream.of(series).allMatch(s -> s.counts().stream().allMatch(n -> n == 0))) {
            System.out.println("  no latencies for " + name + ".png: no run measured any");
            return;
        }
        Path png = histograms.resolve(name + ".png");
        LatencyHistogramImage.write(png, title, List.of(series));
        System.out.println("  " + png + " (" + Files.size(png) / 1_024 + " KB)");
        // Linked as docs/BENCHMARKS.md sees it when the images are in docs/images.
        Path docs = Path.of("docs").toAbsolutePath().normalize();
        Path absolute = png.toAbsolutePath().normalize();
        report.image(title, (absolute.startsWith(docs) ? docs.relativize(absolute) : absolute).toString());
    }

    /** A run's histogram as a series to draw: empty (named so in the legend) when the run failed or measured nothing. */
    private static LatencyHistogramImage.Series series(String name, Map<String, Object> run, Color color) {
        List<Long> counts = run.get("latencyHistogram") instanceof List<?> bins && bins.size() == LatencyHistogram.BINS
                ? bins.stream().map(n -> ((Number) n).longValue()).toList()
                : Collections.nCopies(LatencyHistogram.BINS, 0L);
        return new LatencyHistogramImage.Series(name, counts, millis(run.get("p50Ms")), millis(run.get("p99Ms")), color);
    }

    private static Double millis(Object figure) {
        return figure instanceof Number n ? n.doubleValue() : null;
    }

    private Map<String, Object> fanOut(boolean hub, int[] cell, int measureMillis) throws Exception {
        String what = (hub ? "hub" : "relay") + " fanout " + cell[0] + " clients, " + cell[1] + " senders, " + cell[2] + "/s";
        try (Started server = hub ? hub(false) : relay()) {
            List<String> args = new ArrayList<>(List.of("fanout", "--url", server.url(hub), "--clients",
                    String.valueOf(cell[0]), "--senders", String.valueOf(cell[1]), "--rate", String.valueOf(cell[2]),
                    "--warmup-ms", quick ? "500" : "2000", "--measure-ms", String.valueOf(measureMillis),
                    "--drain-ms", quick ? "5000" : "30000"));
            if (!hub) {
                args.add("--relay");
            }
            return record(what, load(args, 120_000, null));
        } catch (Exception e) {
            return record(what, failure(e));
        }
    }

    private Map<String, Object> acks(boolean memory, int writers) throws Exception {
        String what = (memory ? "memory" : "sqlite") + " acks " + writers + " writers";
        try (Started server = hub(memory)) {
            return record(what, load(List.of("acks", "--url", server.url(true), "--writers", String.valueOf(writers),
                    "--warmup-ms", quick ? "500" : "1000", "--measure-ms", quick ? "1000" : "4000"), 60_000, null));
        } catch (Exception e) {
            return record(what, failure(e));
        }
    }

    private Map<String, Object> idle(boolean hub) throws Exception {
        String what = (hub ? "hub" : "relay") + " idle " + idleConnections;
        try (Started server = hub ? hub(false) : relay()) {
            long empty = server.process.heapAfterGc();
            long[] connected = new long[1];
            List<String> args = new ArrayList<>(List.of("idle", "--url", server.url(hub), "--connections",
                    String.valueOf(idleConnections), "--per-room", String.valueOf(idlePerRoom)));
            if (!hub) {
                args.add("--relay");
            }
            Map<String, Object> result = load(args, 600_000, () -> connected[0] = server.process.heapAfterGc());
            result.put("heapEmptyBytes", empty);
            result.put("heapConnectedBytes", connected[0]);
            return record(what, result);
        } catch (Exception e) {
            return record(what, failure(e));
        }
    }

    private Map<String, Object> record(String what, Map<String, Object> result) {
        result.put("run", what);
        result.put("loadAverage", loadAverage());
        results.add(result);
        Map<String, Object> shown = new LinkedHashMap<>(result);
        shown.remove("latencyHistogram"); // in hub-core.jsonl; too long for a progress line
        System.out.println("  " + what + ": " + Json.write(shown));
        return result;
    }

    /** The machine's 1-minute load average as the run ends: the cores are shared, and this says how busy they were. */
    static Object loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> failure(Exception e) {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("error", String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
        return failed;
    }

    /** The hub jar on a fresh data directory, rate limit off; {@code memory}: the event log in memory. */
    private Started hub(boolean memory) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("entangle-hub-core");
        List<String> command = new ArrayList<>(java());
        if (memory && memoryHubFlags == null) {
            command.addAll(List.of("-cp", classPath(), MemoryLogHub.class.getName(), "--port", "0",
                    "--messages-per-second", "0"));
        } else {
            command.addAll(List.of("-jar", hubJar.toString(), "--port", "0", "--data-dir", data.toString(),
                    "--messages-per-second", "0"));
            command.addAll(memory ? memoryHubFlags : hubFlags);
        }
        return new Started(ServerProcess.start(memory ? "memory-hub" : "hub", command), data);
    }

    private Started relay() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("-cp", classPath(), BareRelay.class.getName(), "--port", "0"));
        return new Started(ServerProcess.start("relay", command), null);
    }

    private List<String> java() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        return command;
    }

    private String classPath() {
        return hubJar.toAbsolutePath() + java.io.File.pathSeparator + testClasses.toAbsolutePath();
    }

    /** Runs the load generator and returns its RESULT; {@code whenConnected} runs at its CONNECTED line. */
    private Map<String, Object> load(List<String> args, long timeoutMillis, LoadProcess.Checkpoint whenConnected) throws Exception {
        return LoadProcess.run(java(), classPath(), args, timeoutMillis, whenConnected);
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    /** A server process and its data directory, both gone at close. */
    private record Started(ServerProcess process, Path data) implements AutoCloseable {
        String url(boolean hub) {
            return "ws://127.0.0.1:" + process.port() + (hub ? "/entangle" : "/relay");
        }

        @Override
        public void close() throws Exception {
            process.close();
            if (data != null) {
                try (Stream<Path> files = Files.walk(data)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    static String now() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    }
}
