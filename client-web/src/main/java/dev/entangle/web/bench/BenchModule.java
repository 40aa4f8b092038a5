package dev.entangle.web.bench;

import org.teavm.jso.JSExportClasses;

/** A second TeaVM entry, built beside the bundle but not into it: benchmarks and the core checks. */
@JSExportClasses({TextReplayBench.class, CoreChecks.class})
public final class BenchModule {
    private BenchModule() {
    }
}
