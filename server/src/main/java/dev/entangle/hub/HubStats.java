package dev.entangle.hub;

import dev.entangle.core.protocol.ErrorCode;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Counters the hub keeps for {@code GET /stats}. */
public final class HubStats {
    /** Bounds for durations, in seconds: 50 µs to 100 ms. */
    private static final double[] SECONDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1};
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder ephemeralRelayed = new LongAdder();
    private final LongAdder ephemeralDropped = new LongAdder();
    private final Histogram appendLatency = histogram("entangle_event_log_append_seconds",
            "Time an append to the event log took until durable", SECONDS);
    private final Histogram commitLatency = histogram("entangle_event_log_commit_seconds",
            "Time one transaction of the event log took (group commit: one sync to disk for many appends)", SECONDS);
    private final Histogram commitEvents = histogram("entangle_event_log_commit_events",
            "Events written in one transaction of the event log", new double[] {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000});
    private final Histogram backplaneLag = histogram("entangle_backplane_lag_seconds",
            "From another node's append to this node hearing of it through the backplane (clocks of both nodes)",
            new double[] {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1});
    private final AtomicLongArray rejected = new AtomicLongArray(ErrorCode.values().length);

    private static Histogram histogram(String name, String help, double[] upperBounds) {
        return Histogram.builder().name(name).help(help).classicUpperBounds(upperBounds).classicOnly().build();
    }

    /** The size of a frame on the wire (UTF-8), without encoding it. */
    public static int utf8Length(String frame) {
        int bytes = frame.length();
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, 3 above; each half of a surrogate pair counts 2 (4 for the pair)
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    public void received(int bytes) {
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    public void sent(int bytes) {
        messagesOut.increment();
        bytesOut.add(bytes);
    }

    public void appended(long nanos) {
        appendLatency.observe(nanos / 1e9);
    }

    Histogram appendLatency() {
        return appendLatency;
    }

    /** One transaction of the event log: {@code appends} callers' {@code events}, written in {@code nanos}. */
    /** Another node's "room moved" arrived {@code millis} after it was sent (negative when clocks disagree: 0). */
    public void backplaneLag(long millis) {
        backplaneLag.observe(Math.max(0, millis) / 1e3);
    }

    Histogram backplaneLag() {
        return backplaneLag;
    }

    public void committed(int appends, int events, long nanos) {
        commitLatency.observe(nanos / 1e9);
        commitEvents.observe(events);
    }

    Histogram commitLatency() {
        return commitLatency;
    }

    Histogram commitEvents() {
        return commitEvents;
    }

    /** Transactions written to the event log since the hub started (each one sync to disk). */
    public long commits() {
        return commitLatency.collect().getDataPoints().get(0).getCount();
    }

    /** Mean events per transaction (0 before the first): how much group commit gathers. */
    public double commitMeanEvents() {
        HistogramSnapshot.HistogramDataPointSnapshot data = commitEvents.collect().getDataPoints().get(0);
        return data.getCount() == 0 ? 0 : data.getSum() / data.getCount();
    }

    /** Mean time one transaction took, in microseconds (0 before the first). */
    public long commitMeanMicros() {
        HistogramSnapshot.HistogramDataPointSnapshot data = commitLatency.collect().getDataPoints().get(0);
        return data.getCount() == 0 ? 0 : Math.round(data.getSum() / data.getCount() * 1e6);
    }

    public void resumed() {
        resumes.increment();
    }

    public void ephemeralRelayed(int receivers) {
        ephemeralRelayed.add(receivers);
    }

    /** An ephemeral frame dropped: over its sender's rate, or replaced at a receiver that was behind. */
    public void ephemeralDropped() {
        ephemeralDropped.increment();
    }

    /** Ephemeral frames handed to receivers since the hub started. */
    public long ephemeralRelayed() {
        return ephemeralRelayed.sum();
    }

    /** Ephemeral frames dropped (over the sender's rate, or superseded at a receiver behind). */
    public long ephemeralDroppedCount() {
        return ephemeralDropped.sum();
    }

    /** Documents reopened from a revision the client had: caught up with what it missed, no snapshot. */
    public long resumes() {
        return resumes.sum();
    }

    /** Refusals with {@code code} since the hub started. */
    public long rejected(ErrorCode code) {
        return rejected.get(code.ordinal());
    }

    /** Changes written to the event log since the hub started. */
    public long appends() {
        return appendLatency.collect().getDataPoints().get(0).getCount();
    }

    /** Mean time an append took until durable, in microseconds (0 before the first). */
    public long appendMeanMicros() {
        HistogramSnapshot.HistogramDataPointSnapshot data = appendLatency.collect().getDataPoints().get(0);
        return data.getCount() == 0 ? 0 : Math.round(data.getSum() / data.getCount() * 1e6);
    }

    public void refused(ErrorCode code) {
        rejected.incrementAndGet(code.ordinal());
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Refusals by wire code, only the codes that occurred. */
    public Map<String, Long> rejectedByCode() {
        Map<String, Long> byCode = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            long count = rejected.get(code.ordinal());
            if (count > 0) {
                byCode.put(code.wire(), count);
            }
        }
        return byCode;
    }
}
