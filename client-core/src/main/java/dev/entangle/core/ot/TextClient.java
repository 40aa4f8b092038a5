package dev.entangle.core.ot;

import java.util.function.LongSupplier;

/**
 * The client side of server-ordered OT for one document, as an explicit state machine (after
 * ot.js): at most one operation is in flight, later local edits are composed into a buffer, and
 * remote operations are transformed past both so the local text never waits for the network.
 *
 * <p>The revision is the number of operations the hub has committed that this client has seen.
 * Each operation sent carries the revision it was based on and a client sequence number; after a
 * reconnect the in-flight operation is resent with the same sequence number, so the hub can tell
 * a resend from a new edit.
 */
public final class TextClient {

    /** What the state machine needs done. */
    public interface Channel {
        /** Send a local operation, based on {@code revision}, to the hub. */
        void send(long clientSeq, long revision, TextOperation operation);

        /** Apply a remote operation, already transformed past the local ones, to the local text. */
        void applyRemote(TextOperation operation);
    }

    private sealed interface State permits Synchronized, AwaitingConfirm, AwaitingWithBuffer {
    }

    /** Nothing in flight: the local text is the hub's text at {@code revision}. */
    private record Synchronized() implements State {
    }

    /** One operation sent, not yet acknowledged. */
    private record AwaitingConfirm(long clientSeq, TextOperation outstanding) implements State {
    }

    /** One operation in flight and later local edits composed into {@code buffer}, sent on the ack. */
    private record AwaitingWithBuffer(long clientSeq, TextOperation outstanding, TextOperation buffer) implements State {
    }

    private final Channel channel;
    private final LongSupplier nextClientSeq;
    private State state = new Synchronized();
    private long revision;

    /** {@code nextClientSeq} numbers the operations sent (the session's message counter). */
    public TextClient(long revision, LongSupplier nextClientSeq, Channel channel) {
        this.revision = revision;
        this.nextClientSeq = nextClientSeq;
        this.channel = channel;
    }

    /**
     * A client restored from an earlier page load: at {@code revision}, with {@code outstanding}
     * sent as {@code clientSeq} and not known to be acknowledged, and {@code buffer} (may be null)
     * composed after it. The caller resends the outstanding operation once it has caught up.
     */
    public TextClient(long revision, LongSupplier nextClientSeq, Channel channel, long clientSeq,
            TextOperation outstanding, TextOperation buffer) {
        this(revision, nextClientSeq, channel);
        this.state = buffer == null ? new AwaitingConfirm(clientSeq, outstanding)
                : new AwaitingWithBuffer(clientSeq, outstanding, buffer);
    }

    /** What is not acknowledged yet: the operation in flight and the buffer behind it. */
    public record Unconfirmed(long clientSeq, TextOperation outstanding, TextOperation buffer) {
    }

    /** The operations not acknowledged yet, or null when synchronized. */
    public Unconfirmed unconfirmed() {
        if (state instanceof AwaitingConfirm a) {
            return new Unconfirmed(a.clientSeq(), a.outstanding(), null);
        }
        if (state instanceof AwaitingWithBuffer b) {
            return new Unconfirmed(b.clientSeq(), b.outstanding(), b.buffer());
        }
        return null;
    }

    public long revision() {
        return revision;
    }

    public boolean isSynchronized() {
        return state instanceof Synchronized;
    }

    /** A local edit, already applied to the local text. */
    public void applyClient(TextOperation operation) {
        if (state instanceof Synchronized) {
            long seq = nextClientSeq.getAsLong();
            state = new AwaitingConfirm(seq, operation); // before sending: the answer may come back at once
            channel.send(seq, revision, operation);
        } else if (state instanceof AwaitingConfirm a) {
            state = new AwaitingWithBuffer(a.clientSeq(), a.outstanding(), operation);
        } else {
            AwaitingWithBuffer b = (AwaitingWithBuffer) state;
            state = new AwaitingWithBuffer(b.clientSeq(), b.outstanding(), b.buffer().compose(operation));
        }
    }

    /** An operation another client made, committed by the hub as the next revision. */
    public void applyServer(TextOperation operation) {
        revision++;
        transformPast(operation);
    }

    /**
     * The hub's text moved from this client's revision to {@code revision} by {@code change} (known
     * only as a whole, e.g. the difference of two texts, not as the operations committed): the edits
     * not yet acknowledged are transformed past it, as past one remote operation, and kept.
     */
    public void rebase(long revision, TextOperation change) {
        this.revision = revision;
        transformPast(change);
    }

    private void transformPast(TextOperation operation) {
        if (state instanceof Synchronized) {
            channel.applyRemote(operation);
        } else if (state instanceof AwaitingConfirm a) {
            // Our outstanding op was ordered after this one: the hub will transform it the same way.
            TextOperation[] t = TextOperation.transform(a.outstanding(), operation);
            state = new AwaitingConfirm(a.clientSeq(), t[0]);
            channel.applyRemote(t[1]);
        } else {
            AwaitingWithBuffer b = (AwaitingWithBuffer) state;
            TextOperation[] first = TextOperation.transform(b.outstanding(), operation);
            TextOperation[] second = TextOperation.transform(b.buffer(), first[1]);
            state = new AwaitingWithBuffer(b.clientSeq(), first[0], second[0]);
            channel.applyRemote(second[1]);
        }
    }

    /** The hub committed our outstanding operation; {@code clientSeq} says which. A stale ack is ignored. */
    public void serverAck(long clientSeq) {
        if (state instanceof AwaitingConfirm a && a.clientSeq() == clientSeq) {
            revision++;
            state = new Synchronized();
        } else if (state instanceof AwaitingWithBuffer b && b.clientSeq() == clientSeq) {
            revision++;
            long seq = nextClientSeq.getAsLong();
            state = new AwaitingConfirm(seq, b.buffer());
            channel.send(seq, revision, b.buffer());
        }
    }

    /**
     * Where position {@code index} of the hub's text at {@link #revision()} is in the local text,
     * which also holds the local edits not yet committed: for a peer's cursor.
     */
    public int transformIndex(int index) {
        if (state instanceof AwaitingConfirm a) {
            return a.outstanding().transformIndex(index, false);
        }
        if (state instanceof AwaitingWithBuffer b) {
            return b.buffer().transformIndex(b.outstanding().transformIndex(index, false), false);
        }
        return index;
    }

    /**
     * After a reconnect, once the hub has sent everything committed since {@link #revision()}:
     * resend the operation still in flight (same sequence number), if any.
     */
    public void resendOutstanding() {
        if (state instanceof AwaitingConfirm a) {
            channel.send(a.clientSeq(), revision, a.outstanding());
        } else if (state instanceof AwaitingWithBuffer b) {
            channel.send(b.clientSeq(), revision, b.outstanding());
        }
    }
}
