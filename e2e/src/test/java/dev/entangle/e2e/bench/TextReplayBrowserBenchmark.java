package dev.entangle.e2e.bench;

import dev.entangle.hub.bench.BenchReport;
import dev.entangle.e2e.BrowserHarness;
import dev.entangle.e2e.Build;
import dev.entangle.e2e.Project;
import dev.entangle.e2e.Window;
import dev.entangle.hub.EntangleHub;
import dev.entangle.core.SharedData;
import java.util.List;
import java.util.Map;

/**
 * The automerge-paper trace replayed in Chromium through Entangle's client path (operation,
 * OT client, JSON frame, second client applying it, on native JS strings), on the JS and the Wasm
 * build, against plain JavaScript string splicing of the same edits in the same page.
 */
public final class TextReplayBrowserBenchmark {
    private static final int RUNS = Integer.getInteger("runs", 3);
    private static final double YJS_PUBLISHED_MS = 5_700;

    private TextReplayBrowserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "automerge-paper";
        var traces = SharedData.file("editing-traces/" + name + ".json.gz").getParent();
        EntangleHub hub = EntangleHub.create(config -> {
            config.port = 0;
            config.serve(Project.root().resolve("e2e/src/test/resources/pages"));
            config.serve(Project.root().resolve("client-web/target/bench"));
            config.serve(traces);
        }).start();
        BenchReport report = new BenchReport("text-replay-browser", "Text replay in Chromium: " + name);
        report.line("Best of " + RUNS + " runs in one page each; Chromium headless.").line("")
                .line("| build | path | time | vs plain JS splicing | vs Yjs published (5.7 s) |")
                .line("| --- | --- | ---: | ---: | ---: |");
        try (BrowserHarness browser = new BrowserHarness()) {
            for (Build build : Build.values()) {
                Window page = browser.open(hub, "/bench-text.html");
                page.waitUntilReady();
                page.page.setDefaultTimeout(300_000);
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) page.page.evaluate(
                        "([build, name, runs]) => runBench(build, name, runs)", new Object[] {build.param(), name, RUNS});
                double splice = best(result.get("splice"));
                report.line(String.format("| %s | plain JS string splicing (baseline) | %.0f ms | 1.00× | %.1f× faster |",
                        build.name(), splice, YJS_PUBLISHED_MS / splice));
                String[][] depths = {{"document", "operations applied to author's and reader's documents"},
                        {"ot", "… and through both OT clients"}, {"json", "… and as JSON frames (full client path)"}};
                for (String[] depth : depths) {
                    double ms = best(result.get(depth[0]));
                    report.line(String.format("| %s | %s | %.0f ms | %.2f× | %.1f× %s |", build.name(), depth[1], ms,
                            ms / splice, ms < YJS_PUBLISHED_MS ? YJS_PUBLISHED_MS / ms : ms / YJS_PUBLISHED_MS,
                            ms < YJS_PUBLISHED_MS ? "faster" : "slower"));
                }
                page.close();
            }
        } finally {
            hub.stop();
        }
        report.write();
        System.exit(0);
    }

    private static double best(Object runs) {
        return ((List<?>) runs).stream().mapToDouble(x -> ((Number) x).doubleValue()).min().orElseThrow();
    }
}
