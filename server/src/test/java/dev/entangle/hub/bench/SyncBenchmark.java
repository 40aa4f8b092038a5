package dev.entangle.hub.bench;

import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.patch.JsonPointer;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.sync.AppliedPatches;
import dev.entangle.core.sync.AtomPatches;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.MutationInfo;
import dev.entangle.core.sync.Mutators;
import dev.entangle.core.sync.OptimisticSyncCoordinator;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.core.sync.SyncDocument;
import dev.entangle.core.sync.Transaction;
import dev.entangle.hub.BenchAccess;
import dev.entangle.hub.EntangleHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimistic operations (issue 6): operations per second through push → hub mutator → durable log
 * → confirm with 1, 10 and 100 clients in one room, and the latency from {@code mutate} to the
 * confirmation, each beside the plain bound-value change (mutation → ack) through the same hub as
 * the baseline; and the time to rebase 1,000 pending operations over a server delta, beside
 * applying the same patches once.
 */
public final class SyncBenchmark {
    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = new BenchReport("sync", "Optimistic operations: throughput, latency, rebase");
        double[] rebase = rebase(1_000, false); // first, in a quiet JVM
        double[] baseline = rebase(1_000, true);
        Path data = Files.createTempDirectory("entangle-sync-bench");
        EntangleHub hub = EntangleHub.create(config -> {
            config.port = 0;
            config.dataDirectory = data; // the default embedded log: every change durable before it is confirmed
            config.messagesPerSecond = 0; // the hub's speed, not a client's rate limit
            config.maxEntitiesPerRoom = 1_000_000;
        }).start();
        String url = "ws://127.0.0.1:" + hub.port() + "/entangle";
        report.line("Real hub (SQLite event log, WAL, synchronous=FULL), JVM clients over real WebSockets, all in one"
                + " room; each client sends one operation, waits for its verdict, sends the next (closed loop) for"
                + " 5 s after 1 s of warm-up. Operation: `entity.upsert` of one of 50 entities per client, run by"
                + " the client at once and by the hub again. Baseline: the same clients changing a bound value"
                + " (`mutation` → `ack`, also logged before the ack).").line("");
        report.line("| clients | operations/s | mutate → confirmed p50 | p99 | baseline changes/s | baseline p50 | p99 |"
                + " ops/s ÷ baseline |").line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int clients : new int[] {1, 10, 100}) {
            BenchAccess.Result ops = BenchAccess.operations(url, "ops-" + clients, clients, 1_000, 5_000,
                    new FlushEngine.Settings(0, 100, 3, 100));
            BenchAccess.Result values = BenchAccess.boundValues(url, "values-" + clients, clients, 1_000, 5_000);
            report.line(String.format("| %d | %,.0f | %.2f ms | %.2f ms | %,.0f | %.2f ms | %.2f ms | %.2f |", clients,
                    ops.perSecond(), ops.p50Millis(), ops.p99Millis(), values.perSecond(), values.p50Millis(),
                    values.p99Millis(), ops.perSecond() / values.perSecond()));
        }
        report.line("").line("Pipelined, default flush settings (100 ms debounce, batches of up to 100): each client keeps 20"
                + " operations in the air, a new one as each is confirmed.").line("")
                .line("| clients | operations/s | mutate → confirmed p50 | p99 |").line("| ---: | ---: | ---: | ---: |");
        for (int clients : new int[] {1, 10, 100}) {
            BenchAccess.Result piped = BenchAccess.operations(url, "piped-" + clients, clients, 20, 1_000, 5_000,
                    FlushEngine.Settings.DEFAULTS);
            report.line(String.format("| %d | %,.0f | %.1f ms | %.1f ms |", clients, piped.perSecond(),
                    piped.p50Millis(), piped.p99Millis()));
        }
        BenchAccess.Result debounced = BenchAccess.operations(url, "debounced", 1, 500, 5_000, FlushEngine.Settings.DEFAULTS);
        report.line("").line(String.format("With the default flush settings (100 ms debounce) one client's"
                + " mutate → confirmed is p50 %.1f ms, p99 %.1f ms: the debounce is the wait.",
                debounced.p50Millis(), debounced.p99Millis()));
        hub.stop();

        report.line("").line("| rebase over a one-operation server delta | pending | entities | p50 | p99 |"
                + " ratio to baseline |").line("| --- | ---: | ---: | ---: | ---: | ---: |");
        report.line(String.format("| undo all pending, apply delta, re-apply all (server-wins) | 1,000 | 2,000 |"
                + " %.2f ms | %.2f ms | %.1f× |", rebase[0], rebase[1], rebase[0] / baseline[0]));
        report.line(String.format("| baseline: apply the 1,000 pending patches once | 1,000 | 2,000 | %.2f ms |"
                + " %.2f ms | 1.0× |", baseline[0], baseline[1]));
        report.write();
        System.exit(0);
    }

    /**
     * p50 and p99 (ms) of rebasing {@code pending} operations (each an upsert of one of 1,000 todos
     * over a state of 1,000 others) over a delta that changes one more todo; or, as the baseline,
     * of applying the pending operations' patches once to the same state.
     */
    private static double[] rebase(int pending, boolean baselineOnly) throws Exception {
        int runs = 300;
        long[] times = new long[runs];
        for (int run = 0; run < runs; run++) {
            SyncDocument state = new SyncDocument();
            List<Operation> seed = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                seed.add(Operation.add(JsonPointer.ROOT.child("s" + i), todo("seed " + i)));
            }
            state.apply(new AtomPatches(Map.of("todo", seed)));
            OptimisticSyncCoordinator coordinator = new OptimisticSyncCoordinator(state,
                    ConflictResolutionStrategy.SERVER_WINS_REBASE, from -> { });
            List<AtomPatches> forwards = new ArrayList<>();
            for (int i = 0; i < pending; i++) {
                AppliedPatches effect = Transaction.run(state, Mutators.withEntityOperations().get(Mutators.UPSERT),
                        Map.of("type", "todo", "id", "p" + i, "entity", todo("pending " + i)));
                coordinator.registerPendingMutation(coordinator.generateClientSeq(),
                        new MutationInfo(Mutators.UPSERT, null, 0), effect);
                forwards.add(effect.forward());
            }
            ServerDelta delta = new ServerDelta(1, 0, new AtomPatches(Map.of("todo",
                    List.of(Operation.add(JsonPointer.ROOT.child("server"), todo("from the server"))))), 0, 0, false);
            long started;
            if (baselineOnly) {
                SyncDocument fresh = new SyncDocument();
                fresh.apply(new AtomPatches(Map.of("todo", seed)));
                started = System.nanoTime();
                for (AtomPatches forward : forwards) {
                    fresh.apply(forward);
                }
            } else {
                started = System.nanoTime();
                coordinator.processServerDelta(delta);
            }
            times[run] = System.nanoTime() - started;
        }
        long[] measured = Arrays.copyOfRange(times, 100, runs); // the first runs warm the JIT
        Arrays.sort(measured);
        return new double[] {measured[measured.length / 2] / 1e6, measured[(int) (measured.length * 0.99)] / 1e6};
    }

    private static Map<String, Object> todo(String title) {
        Map<String, Object> todo = new LinkedHashMap<>();
        todo.put("title", title);
        todo.put("done", false);
        return todo;
    }
}
