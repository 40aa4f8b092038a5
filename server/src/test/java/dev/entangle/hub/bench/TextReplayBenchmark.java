package dev.entangle.hub.bench;

import dev.entangle.hub.doc.EditingTrace;
import dev.entangle.core.SharedData;
import dev.entangle.hub.doc.TraceReplay;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Replays a real editing trace (automerge-paper: 259,778 edits by one author) through the full
 * path in process — the author's OT client, the JSON frame, the hub's sequencer, the relayed
 * frame, a second client applying it — against a baseline in the same run: the same edits
 * applied to one StringBuilder. Best of several runs after warm-up; peak heap of the last run.
 */
public final class TextReplayBenchmark {
    private static final int RUNS = 5;

    private TextReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "automerge-paper";
        EditingTrace trace = EditingTrace.load(SharedData.file("editing-traces/" + name + ".json.gz"));
        BenchReport report = new BenchReport("text-replay-jvm",
                "Text replay on the JVM: " + name + " (" + trace.patchCount() + " edits)");

        double baselineMs = Double.MAX_VALUE;
        double fullMs = Double.MAX_VALUE;
        double noWireMs = Double.MAX_VALUE;
        long fullHeap = 0;
        long baselineHeap = 0;
        double[] json = new double[4];
        for (int run = 0; run < RUNS; run++) {
            resetPeaks();
            long start = System.nanoTime();
            String text = stringBuilderReplay(trace);
            baselineMs = Math.min(baselineMs, (System.nanoTime() - start) / 1e6);
            baselineHeap = peakHeap();
            check(trace, text);

            start = System.nanoTime();
            TraceReplay inMemory = new TraceReplay(trace, 1, false);
            inMemory.run(trace);
            noWireMs = Math.min(noWireMs, (System.nanoTime() - start) / 1e6);
            check(trace, inMemory.hubText());
            inMemory = null;

            resetPeaks();
            start = System.nanoTime();
            TraceReplay replay = new TraceReplay(trace, 1, true);
            replay.run(trace);
            double ms = (System.nanoTime() - start) / 1e6;
            if (ms < fullMs) {
                for (int hop = 0; hop < 4; hop++) {
                    json[hop] = replay.jsonMillis(hop);
                }
            }
            fullMs = Math.min(fullMs, ms);
            fullHeap = peakHeap();
            check(trace, replay.hubText());
            for (String client : replay.clientTexts()) {
                check(trace, client);
            }
        }
        report.line("| path | time (best of " + RUNS + ") | edits/s | peak heap | vs StringBuilder |")
                .line("| --- | ---: | ---: | ---: | ---: |")
                .line(String.format("| StringBuilder, edits applied in place (baseline) | %.0f ms | %,.0f | %d MiB | 1.0× |",
                        baselineMs, trace.patchCount() / baselineMs * 1000, baselineHeap >> 20))
                .line(String.format("| OT client → sequencer → second client, no JSON | %.0f ms | %,.0f | | %.1f× |",
                        noWireMs, trace.patchCount() / noWireMs * 1000, noWireMs / baselineMs))
                .line(String.format("| Entangle full path: OT client → JSON → sequencer → JSON → second client | %.0f ms | %,.0f | %d MiB | %.1f× |",
                        fullMs, trace.patchCount() / fullMs * 1000, fullHeap >> 20, fullMs / baselineMs))
                .line("")
                .line("Peak heap is the most the heap pools held during the run, garbage included (it depends on -Xmx).")
                .line("")
                .line("Where the JSON time of the fastest full-path run went (json-simple decodes, the project's own writer encodes):")
                .line("")
                .line("| hop | client encodes its edit | hub decodes it | hub encodes the relay | reader decodes it | all JSON |")
                .line("| --- | ---: | ---: | ---: | ---: | ---: |")
                .line(String.format("| ms | %.0f | %.0f | %.0f | %.0f | %.0f of %.0f |", json[0], json[1], json[2], json[3],
                        json[0] + json[1] + json[2] + json[3], fullMs));
        report.write();
    }

    static String stringBuilderReplay(EditingTrace trace) {
        StringBuilder text = new StringBuilder(trace.startContent());
        for (EditingTrace.Txn txn : trace.txns()) {
            for (EditingTrace.Patch patch : txn.patches()) {
                text.replace(patch.position(), patch.position() + patch.deleteCount(), patch.text());
            }
        }
        return text.toString();
    }

    private static void check(EditingTrace trace, String text) {
        if (!trace.endContent().equals(text)) {
            throw new AssertionError("the replay did not end with the recorded text");
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
