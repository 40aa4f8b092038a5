package dev.entangle.hub.session;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * One connection's token buckets (Bucket4j): messages and bytes per second, each with a burst
 * allowance. A frame over either budget is refused; a client that keeps sending past a whole burst
 * of refusals is flooding, and the hub disconnects it.
 */
public final class RateLimit {
    private final Bucket messages;
    private final Bucket bytes;
    private final long burstMessages;
    private long refusedInARow;

    public RateLimit(long messagesPerSecond, long burstMessages, long bytesPerSecond, long burstBytes) {
        this.messages = bucket(messagesPerSecond, burstMessages);
        this.bytes = bucket(bytesPerSecond, burstBytes);
        this.burstMessages = burstMessages;
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
        /** Refused, and the client has gone on sending past a whole burst of refusals. */
        FLOODING
    }

    public synchronized Verdict take(int size) {
        if (messages.tryConsume(1) && bytes.tryConsume(size)) {
            refusedInARow = 0;
            return Verdict.ACCEPTED;
        }
        refusedInARow++;
        return refusedInARow > burstMessages ? Verdict.FLOODING : Verdict.REFUSED;
    }
}
