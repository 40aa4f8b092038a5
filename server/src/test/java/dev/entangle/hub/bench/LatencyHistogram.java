package dev.entangle.hub.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Latencies counted in fixed logarithmic bins, the same for every run, so two runs (the hub and the
 * bare relay under one load) are drawn on the same axes: {@link #BINS_PER_DECADE} bins per decade
 * from {@link #LOWEST_MILLIS} to {@link #HIGHEST_MILLIS}; a latency outside goes into the first or
 * last bin. The load generator puts the counts in its result as {@code latencyHistogram}.
 */
final class LatencyHistogram {
    static final double LOWEST_MILLIS = 0.01;
    static final double HIGHEST_MILLIS = 10_000;
    static final int BINS_PER_DECADE = 20;
    static final int BINS = (int) Math.round(Math.log10(HIGHEST_MILLIS / LOWEST_MILLIS) * BINS_PER_DECADE);

    private LatencyHistogram() {
    }

    /** The lower edge of bin {@code i} in milliseconds ({@code i == BINS}: the upper edge of the last). */
    static double edgeMillis(int i) {
        return LOWEST_MILLIS * Math.pow(10, (double) i / BINS_PER_DECADE);
    }

    /** How many of {@code nanos} fall into each bin. */
    static List<Long> counts(long[] nanos) {
        long[] counts = new long[BINS];
        for (long latency : nanos) {
            counts[bin(latency / 1e6)]++;
        }
        List<Long> out = new ArrayList<>(BINS);
        for (long count : counts) {
            out.add(count);
        }
        return out;
    }

    private static int bin(double millis) {
        if (!(millis > LOWEST_MILLIS)) {
            return 0;
        }
        int i = (int) Math.floor(Math.log10(millis / LOWEST_MILLIS) * BINS_PER_DECADE);
        return Math.min(BINS - 1, Math.max(0, i));
    }
}
