package dev.entangle.e2e.bench;

import dev.entangle.e2e.BrowserHarness;
import dev.entangle.e2e.Build;
import dev.entangle.e2e.Window;
import dev.entangle.hub.EntangleHub;
import dev.entangle.hub.bench.BenchReport;
import io.javalin.Javalin;
import java.util.List;

/**
 * Issue 3's figures. (1) One page with N entangled sliders that all change together: latency from
 * the change in window A to each value applied in window B, for N = 1 to 200, on both builds,
 * against a bare WebSocket relay carrying the same N frames per round in the same run. (2) A
 * slider dragged at 250 input events per second for 2 s: messages and bytes per second the hub
 * receives, with the default 16 ms batching window and without batching.
 */
public final class EntanglementScaleBenchmark {
    private static final int[] SIZES = {1, 10, 50, 100, 200};
    private static final int WARMUP_ROUNDS = 5;
    /** At least this many rounds, and at least 1,000 samples per row, so that a p99 means something. */
    private static final int ROUNDS = Integer.getInteger("rounds", 30);

    private EntanglementScaleBenchmark() {
    }

    /** Adds N sliders to the lab page; in an Entangle window, connects and entangles them all. */
    private static final String SETUP = """
            async ([url, clientId, room, n, entangle]) => {
              window.arrivals = {};
              const box = document.createElement('div');
              for (let i = 0; i < n; i++) {
                const s = document.createElement('input');
                s.type = 'range'; s.id = 's' + i; s.min = 0; s.max = 100000; s.value = 0;
                box.appendChild(s);
              }
              document.body.appendChild(box);
              if (!entangle) {
                const ws = new WebSocket(url); window.relay = ws;
                ws.onmessage = m => { window.arrivals[m.data] = performance.timeOrigin + performance.now(); };
                await new Promise(ok => { ws.onopen = ok; });
                return;
              }
              document.addEventListener('entangle-mutation', e => {
                window.arrivals[e.detail.selector + '=' + e.detail.value] = e.detail.appliedAt; });
              const client = await Entangle.connect({ url, clientId, room });
              for (let i = 0; i < n; i++) await client.entangle(document.getElementById('s' + i));
              window.client = client;
            }""";

    /** Every slider takes value v at once (one input event each); returns when it started. */
    private static final String CHANGE_ALL = """
            ([n, v, relay]) => {
              const t0 = performance.timeOrigin + performance.now();
              for (let i = 0; i < n; i++) {
                if (relay) { window.relay.send('#s' + i + '=' + v); continue; }
                const s = document.getElementById('s' + i);
                s.value = String(v); s.dispatchEvent(new Event('input', { bubbles: true }));
              }
              return t0;
            }""";

    public static void main(String[] args) throws Exception {
        BenchReport report = new BenchReport("entanglement", "Entanglement at scale: many elements, and batching a drag");
        EntangleHub hub = BrowserHarness.startHub(15_000);
        Javalin relay = LatencyBenchmark.startBareRelay();
        try (BrowserHarness browser = new BrowserHarness()) {
            report.line("N sliders on one page all change together (one input event each); latency from the start"
                    + " of the round in window A to each value applied in window B (its entangle-mutation event), "
                    + "max(" + ROUNDS + ", 1000 / N) rounds after " + WARMUP_ROUNDS + " warm-up ones (at least 1,000"
                    + " samples per row), every sample of every slider; default options (16 ms batching window);"
                    + " the hub keeps its log in memory, as the e2e hubs do."
                    + " Baseline: a bare WebSocket relay carrying the same N frames per round, same windows.")
                    .line("")
                    .line("| N | bare relay p50 / p99 | JS p50 / p99 | Wasm p50 / p99 | JS p99 vs relay p99 |")
                    .line("| ---: | ---: | ---: | ---: | ---: |");
            for (int n : SIZES) {
                Stats bare = measure(browser, hub, "ws://127.0.0.1:" + relay.port() + "/relay", n, null);
                Stats js = measure(browser, hub, null, n, Build.JS);
                Stats wasm = measure(browser, hub, null, n, Build.WASM);
                report.line(String.format("| %d | %.2f / %.2f ms | %.2f / %.2f ms | %.2f / %.2f ms | %.2f× |", n,
                        bare.p50(), bare.p99(), js.p50(), js.p99(), wasm.p50(), wasm.p99(), js.p99() / bare.p99()));
            }
            report.line("")
                    .line("A slider dragged for 2 s at 250 input events per second (a 4 ms pointer), JS build;"
                            + " what the hub received, and whether the last value arrived:")
                    .line("")
                    .line("| batching | messages/s | bytes/s | last value in B |")
                    .line("| --- | ---: | ---: | --- |");
            for (int batch : new int[] {16, 0}) {
                drag(browser, hub, batch, report);
            }
        } finally {
            relay.stop();
            hub.stop();
        }
        report.write();
        System.exit(0);
    }

    private static Stats measure(BrowserHarness browser, EntangleHub hub, String relayUrl, int n, Build build) {
        String room = "scale-" + n + "-" + (build == null ? "relay" : build.param());
        Window a = browser.open(hub, "/lab.html?build=" + (build == null ? "js" : build.param()));
        Window b = browser.open(hub, "/lab.html?build=" + (build == null ? "js" : build.param()));
        String url = relayUrl != null ? relayUrl : "ws://127.0.0.1:" + hub.port() + "/entangle";
        for (Window w : List.of(a, b)) {
            w.waitUntilReady();
            w.page.evaluate(SETUP, List.of(url, w == a ? "bench-a" : "bench-b", room, n, build != null));
        }
        int rounds = Math.max(ROUNDS, (1_000 + n - 1) / n);
        double[] samples = new double[rounds * n];
        for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
            int value = round + 1;
            double started = ((Number) a.page.evaluate(CHANGE_ALL, List.of(n, value, build == null))).doubleValue();
            b.page.waitForFunction("([n, v]) => { for (let i = 0; i < n; i++) if (window.arrivals['#s' + i + '=' + v]"
                    + " === undefined) return false; return true; }", List.of(n, value));
            if (round >= WARMUP_ROUNDS) {
                @SuppressWarnings("unchecked")
                List<Number> arrived = (List<Number>) b.page.evaluate("([n, v]) => Array.from({ length: n },"
                        + " (_, i) => window.arrivals['#s' + i + '=' + v])", List.of(n, value));
                for (int i = 0; i < n; i++) {
                    samples[(round - WARMUP_ROUNDS) * n + i] = arrived.get(i).doubleValue() - started;
                }
            }
            a.page.waitForTimeout(20); // rounds apart, as a person's changes are
        }
        a.close();
        b.close();
        return Stats.of(samples);
    }

    private static void drag(BrowserHarness browser, EntangleHub hub, int batch, BenchReport report) {
        String room = "drag-" + batch;
        Window a = browser.open(hub, "/lab.html?build=js");
        Window b = browser.open(hub, "/lab.html?build=js");
        String join = "async ([url, id, room, batch]) => { const c = await Entangle.connect({ url, clientId: id, room });"
                + " await c.entangle(document.getElementById('volume'), { batch }); }";
        String url = "ws://127.0.0.1:" + hub.port() + "/entangle";
        for (Window w : List.of(a, b)) {
            w.waitUntilReady();
            w.page.evaluate(join, List.of(url, w == a ? "dragger" : "viewer", room, batch));
        }
        long messages = hub.stats().messagesIn();
        long bytes = hub.stats().bytesIn();
        a.page.evaluate("async () => { const v = document.getElementById('volume');"
                + " for (let i = 1; i <= 500; i++) { v.value = String(i * 2 % 1001); v.dispatchEvent(new Event('input'));"
                + " await new Promise(r => setTimeout(r, 4)); } }");
        String last = String.valueOf(500 * 2 % 1001);
        b.page.waitForFunction("v => document.getElementById('volume').value === v", last);
        double seconds = 2.0;
        long sentMessages = hub.stats().messagesIn() - messages;
        long sentBytes = hub.stats().bytesIn() - bytes;
        report.line(String.format("| %s | %.0f | %.0f | %s |", batch == 0 ? "none (batch: 0)" : batch + " ms window (default)",
                sentMessages / seconds, sentBytes / seconds, last + ", as in A"));
        a.close();
        b.close();
    }
}
