package dev.entangle.e2e.bench;

import dev.entangle.hub.bench.BenchReport;
import dev.entangle.e2e.BrowserHarness;
import dev.entangle.e2e.Build;
import dev.entangle.e2e.Window;
import dev.entangle.hub.EntangleHub;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Latency from an input event in window A to the value applied in window B, through the hub, on
 * each build; baseline in the same run: a bare WebSocket relay (Javalin forwarding each frame to
 * the other sockets, no Entangle at all) between the same kind of windows. Both ends stamp
 * {@code performance.timeOrigin + performance.now()} in the page, so Playwright's own round
 * trips are not in the figures. Changes are sent one at a time (each waits for the last to land).
 */
public final class LatencyBenchmark {
    private static final int WARMUP = 100;
    private static final int SAMPLES = Integer.getInteger("samples", 600);

    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = new BenchReport("latency", "Latency: input in window A to value applied in window B");
        report.line(SAMPLES + " sequential changes after " + WARMUP + " warm-up ones; Chromium headless, hub on loopback."
                + " Text: one keystroke at the end of a textarea, each after the previous one arrived.")
                .line("")
                .line("| path | p50 | p90 | p99 | max | p50 vs bare relay |")
                .line("| --- | ---: | ---: | ---: | ---: | ---: |");
        EntangleHub hub = BrowserHarness.startHub(15_000); // the production heartbeat
        Javalin relay = startBareRelay();
        try (BrowserHarness browser = new BrowserHarness()) {
            Stats bare = measureBareRelay(browser, hub, relay.port());
            row(report, "bare WebSocket relay (baseline)", bare, bare);
            for (Build build : Build.values()) {
                row(report, "Entangle, " + build.name() + " build", measureEntangle(browser, hub, build), bare);
            }
            for (Build build : Build.values()) {
                row(report, "Entangle text keystroke, " + build.name() + " build", measureText(browser, hub, build), bare);
            }
        } finally {
            relay.stop();
            hub.stop();
        }
        report.write();
        System.exit(0);
    }

    private static Stats measureEntangle(BrowserHarness browser, EntangleHub hub, Build build) {
        // batch=0: the path itself. With the default 16 ms window, a change that follows the previous
        // one to the same value within 16 ms (as here, one after another) would wait for the window.
        Window a = browser.openDemo(hub, build, "bench-a", "bench-" + build.param(), "batch=0");
        Window b = browser.openDemo(hub, build, "bench-b", "bench-" + build.param(), "batch=0");
        b.page.evaluate("() => { window.arrivals = {}; document.addEventListener('entangle-mutation',"
                + " e => { window.arrivals[e.detail.value] = e.detail.appliedAt; }); }");
        String send = "v => { const el = document.getElementById('title'); const t0 = performance.timeOrigin + performance.now();"
                + " el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); return t0; }";
        Stats stats = measure(a, b, send);
        a.close();
        b.close();
        return stats;
    }

    /** A keystroke in A's textarea (one input event) to the edit written into B's (its entangle-text event). */
    private static Stats measureText(BrowserHarness browser, EntangleHub hub, Build build) {
        String path = "/text.html?build=" + build.param() + "&room=bench-text-" + build.param() + "&client=";
        Window a = browser.open(hub, path + "bench-a");
        a.waitUntilReady();
        Window b = browser.open(hub, path + "bench-b");
        b.waitUntilReady();
        b.page.evaluate("() => { window.arrivals = {}; notes.addEventListener('entangle-text',"
                + " e => { window.arrivals['v' + (notes.value.length - 1)] = e.detail.appliedAt; }); }");
        String send = "v => { notes.focus(); notes.setSelectionRange(notes.value.length, notes.value.length);"
                + " const t0 = performance.timeOrigin + performance.now();"
                + " document.execCommand('insertText', false, 'x'); return t0; }";
        Stats stats = measure(a, b, send);
        a.close();
        b.close();
        return stats;
    }

    private static Stats measureBareRelay(BrowserHarness browser, EntangleHub hub, int relayPort) {
        String url = "ws://127.0.0.1:" + relayPort + "/relay";
        String open = "url => new Promise(ok => { window.arrivals = {}; const ws = new WebSocket(url); window.relay = ws;"
                + " ws.onmessage = m => { window.arrivals[m.data] = performance.timeOrigin + performance.now(); };"
                + " ws.onopen = () => ok(true); })";
        Window a = browser.open(hub, "/lab.html");
        Window b = browser.open(hub, "/lab.html");
        a.page.evaluate(open, url);
        b.page.evaluate(open, url);
        Stats stats = measure(a, b, "v => { const t0 = performance.timeOrigin + performance.now(); relay.send(v); return t0; }");
        a.close();
        b.close();
        return stats;
    }

    /** Sends WARMUP + SAMPLES values from a, each awaited in b; returns the latencies of the samples in ms. */
    private static Stats measure(Window a, Window b, String send) {
        double[] samples = new double[SAMPLES];
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            String value = "v" + i;
            double sentAt = ((Number) a.page.evaluate(send, value)).doubleValue();
            b.page.waitForFunction("v => window.arrivals[v] !== undefined", value);
            double appliedAt = ((Number) b.page.evaluate("v => window.arrivals[v]", value)).doubleValue();
            if (i >= WARMUP) {
                samples[i - WARMUP] = appliedAt - sentAt;
            }
        }
        return Stats.of(samples);
    }

    /** A bare WebSocket relay: every frame to every other socket, no Entangle at all (the baseline). */
    static Javalin startBareRelay() {
        Set<WsContext> sockets = new CopyOnWriteArraySet<>();
        return Javalin.create(config -> config.routes.ws("/relay", ws -> {
            ws.onConnect(sockets::add);
            ws.onClose(sockets::remove);
            ws.onMessage(ctx -> {
                for (WsContext other : List.copyOf(sockets)) {
                    if (!other.sessionId().equals(ctx.sessionId())) {
                        other.send(ctx.message());
                    }
                }
            });
        })).start("127.0.0.1", 0);
    }

    private static void row(BenchReport report, String name, Stats s, Stats baseline) {
        report.line(String.format("| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f× |", name, s.p50(), s.p90(),
                s.p99(), s.max(), s.p50() / baseline.p50()));
    }
}
