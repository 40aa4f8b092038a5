package dev.entangle.hub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Markdown tables of {@link HubCoreBenchmark}, row by row as the runs finish. */
final class HubCoreReport {
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder fanOut = new StringBuilder();
    private final StringBuilder acks = new StringBuilder();
    private final StringBuilder idle = new StringBuilder();
    private final StringBuilder images = new StringBuilder();

    HubCoreReport(List<String> hubFlags, List<String> memoryHubFlags, boolean quick) {
        head.append("Measured ").append(HubCoreBenchmark.now()).append(" on ").append(machine()).append(", Java ")
                .append(System.getProperty("java.version")).append(". Hub: `java -jar entangle-hub.jar --data-dir <fresh>"
                        + " --messages-per-second 0").append(hubFlags.isEmpty() ? "" : " " + String.join(" ", hubFlags))
                .append("`; memory-log hub: ").append(memoryHubFlags == null
                        ? "`MemoryLogHub` (`EntangleHub.create` without a data directory; the jar has no flag for it yet)"
                        : "the jar with `" + String.join(" ", memoryHubFlags) + "`")
                .append(". Hub, relay and load generator are separate processes on the same cores; each row has fresh"
                        + " server processes.").append(quick ? " **Quick run: short windows, not for the record.**" : "")
                .append("\n\n");
    }

    void loadAverages(java.util.DoubleSummaryStatistics loads) {
        if (loads.getCount() > 0) {
            head.append(String.format("The machine's 1-minute load average at the end of each run: %.1f to %.1f"
                    + " (other work shares these cores; compare ratios within a run).%n%n", loads.getMin(), loads.getMax()));
        }
    }

    void fanOut(Map<String, Object> hub, Map<String, Object> relay) {
        if (fanOut.length() == 0) {
            fanOut.append("| clients | senders | offered changes/s | path | accepted/s | delivered/s (expected) | p50 | p99"
                    + " | max | backlog drained in | lost | p50 ÷ relay | p99 ÷ relay |\n"
                    + "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        }
        fanOutRow(relay, "bare relay", null);
        fanOutRow(hub, "Entangle hub", relay);
    }

    private void fanOutRow(Map<String, Object> r, String path, Map<String, Object> relay) {
        if (r.containsKey("error")) {
            fanOut.append("| | | | ").append(path).append(" | failed: ").append(r.get("error")).append(" |||||||||\n");
            return;
        }
        // Before the backlog drained, a missing change may still be on its way: only a drained run gives a verdict.
        boolean drained = Boolean.TRUE.equals(r.get("drained"));
        String lost = number(r, "lost") == 0 && number(r, "duplicates") == 0 ? "0"
                : String.format(drained ? "%,.0f%s" : "%,.0f undelivered at the bound%s", number(r, "lost"),
                        number(r, "duplicates") > 0 ? String.format(" (+%,.0f twice)", number(r, "duplicates")) : "");
        if (!drained && number(r, "sent") > number(r, "accepted") + number(r, "refused")) {
            lost += String.format("; %,.0f not yet acknowledged", number(r, "sent") - number(r, "accepted") - number(r, "refused"));
        }
        if (number(r, "closed") > 0) {
            lost += " (" + (long) number(r, "closed") + " sockets closed " + r.get("closeCodes") + ")";
        }
        boolean comparable = relay != null && !relay.containsKey("error");
        fanOut.append(String.format("| %,.0f | %,.0f | %,.0f | %s | %,.0f | %,.0f (%,.0f) | %s | %s | %s | %s | %s | %s | %s |%n",
                number(r, "clients"), number(r, "senders"), number(r, "offered"), path, number(r, "acceptedPerSecond"),
                number(r, "deliveredPerSecond"), number(r, "expectedPerSecond"), millis(r, "p50Ms"), millis(r, "p99Ms"),
                millis(r, "maxMs"), r.get("drainMs") == null ? "not within the bound" : millis(r, "drainMs"), lost,
                comparable ? ratio(r, relay, "p50Ms") : "1×", comparable ? ratio(r, relay, "p99Ms") : "1×"));
    }

    void acks(int writers, Map<String, Object> sqlite, Map<String, Object> memory) {
        if (acks.length() == 0) {
            acks.append("| writers | event log | acks/s | p50 | p99 | max | acks/s ÷ memory log |\n"
                    + "| ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
        }
        acksRow(writers, memory, "in memory (baseline)", null);
        acksRow(writers, sqlite, "SQLite (the jar's default)", memory);
    }

    private void acksRow(int writers, Map<String, Object> r, String log, Map<String, Object> memory) {
        if (r.containsKey("error")) {
            acks.append("| ").append(writers).append(" | ").append(log).append(" | failed: ").append(r.get("error"))
                    .append(" ||||\n");
            return;
        }
        String unanswered = number(r, "acknowledged") + number(r, "refused") < number(r, "sent")
                ? String.format(" (%,.0f unanswered)", number(r, "sent") - number(r, "acknowledged") - number(r, "refused"))
                : "";
        acks.append(String.format("| %d | %s | %,.0f%s | %s | %s | %s | %s |%n", writers, log, number(r, "acksPerSecond"),
                unanswered, millis(r, "p50Ms"), millis(r, "p99Ms"), millis(r, "maxMs"),
                memory == null || memory.containsKey("error") ? "1×"
                        : String.format("%.2f×", number(r, "acksPerSecond") / number(memory, "acksPerSecond"))));
    }

    void idle(Map<String, Object> relay, Map<String, Object> hub) {
        idle.append("| path | connections | joined | time to connect all | heap after GC, empty | heap after GC, all"
                + " connected | per connection | closed while idle |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        idleRow(relay, "bare relay (socket open)");
        idleRow(hub, "Entangle hub (`welcome` received)");
    }

    private void idleRow(Map<String, Object> r, String path) {
        if (r.containsKey("error")) {
            idle.append("| ").append(path).append(" | failed: ").append(r.get("error")).append(" ||||||\n");
            return;
        }
        double empty = number(r, "heapEmptyBytes");
        double connected = number(r, "heapConnectedBytes");
        idle.append(String.format("| %s | %,.0f | %,.0f%s | %,.1f s | %,.1f MiB | %,.1f MiB | %,.1f KiB | %,.0f |%n", path,
                number(r, "connections"), number(r, "connected"),
                number(r, "failed") > 0 ? String.format(" (%,.0f failed: %s)", number(r, "failed"), r.get("firstFailure")) : "",
                number(r, "connectMs") / 1_000, empty / (1 << 20), connected / (1 << 20),
                (connected - empty) / 1_024 / Math.max(1, number(r, "connected")), number(r, "closedWhileIdle")));
    }

    /** A latency histogram drawn for a row, as a Markdown image. */
    void image(String title, String path) {
        images.append("![").append(title).append("](").append(path).append(")\n\n");
    }

    String text() {
        StringBuilder text = new StringBuilder("### Hub core (issue 13)\n\n").append(head);
        if (fanOut.length() > 0) {
            text.append("#### One room: fan-out\n\n").append(fanOut).append('\n');
        }
        if (acks.length() > 0) {
            text.append("#### Durable acknowledgements (each writer alone in its room)\n\n").append(acks).append('\n');
        }
        if (idle.length() > 0) {
            text.append("#### Idle connections\n\n").append(idle).append('\n');
        }
        if (images.length() > 0) {
            text.append("#### Latency histograms\n\n").append(images);
        }
        return text.toString();
    }

    private static double number(Map<String, Object> r, String key) {
        Object value = r.get(key);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String millis(Map<String, Object> r, String key) {
        double ms = number(r, key);
        if (Double.isNaN(ms)) {
            return "–";
        }
        return ms < 10 ? String.format("%.2f ms", ms) : ms < 100 ? String.format("%.1f ms", ms) : String.format("%,.0f ms", ms);
    }

    private static String ratio(Map<String, Object> r, Map<String, Object> relay, String key) {
        double ratio = number(r, key) / number(relay, key);
        return Double.isFinite(ratio) ? String.format(ratio < 10 ? "%.1f×" : "%,.0f×", ratio) : "–";
    }

    private static String machine() {
        String model = "";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")").orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: the core count says enough
        }
        return Runtime.getRuntime().availableProcessors() + " cores" + model;
    }
}
