package dev.entangle.hub.session;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * One connection's token buckets (Bucket4j): messages and bytes per second, each with a burst
 * allowance. A frame over either budget is refused. Refusals draw on a third bucket of the same
 * size and rate: a client that goes on sending at more than twice its rate empties it (within
 * burst / rate seconds) and is flooding; the hub disconnects it.
 */
public final class RateLimit {
    private final Bucket messages;
    private final Bucket bytes;
    private final Bucket refusals;

    public RateLimit(long messagesPerSecond, long burstMessages, long bytesPerSecond, long burstBytes) {
        this.messages = bucket(messagesPerSecond, burstMessages);
        this.bytes = bucket(bytesPerSecond, burstBytes);
        this.refusals = bucket(messagesPerSecond, burstMessages);
    }

    private static Bucket bucket(long perSecond, long burst) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
    }

    /** What became of one frame of {@code size} bytes. */
    public enum Verdict {
        ACCEPTED,
        REFUSED,
        /** Refused, and the client has gone on sending far past its rate. */
        FLOODING
    }

    public synchronized Verdict take(int size) {
        if (messages.tryConsume(1) && bytes.tryConsume(size)) {
            return Verdict.ACCEPTED;
        }
        return refusals.tryConsume(1) ? Verdict.REFUSED : Verdict.FLOODING;
    }
}
