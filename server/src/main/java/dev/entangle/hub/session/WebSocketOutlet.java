package dev.entangle.hub.session;

import dev.entangle.core.protocol.MessageCodec;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Sends one frame at a time on a Jetty session, in order, from a bounded queue. Jetty's sends are
 * asynchronous and refuse a second write while one is pending, and a client that stops reading
 * must not grow the hub's memory: past {@code maxQueued} frames it is disconnected (1008).
 *
 * <p>Frames of the ephemeral lane wait apart, at most one per coalescing key (the newest replaces
 * the one still waiting), and go before the queued frames: a cursor never waits behind a backlog of
 * changes, and a client that is behind costs at most one frame per sender and key, never a close.
 */
public final class WebSocketOutlet implements Outlet {
    /** WebSocket close code used when a client cannot keep up. */
    public static final int POLICY_VIOLATION = 1008;

    private final Session session;
    private final int maxQueued;
    private final Consumer<String> onSent;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Whether a task of the writer's is on its way to {@link #drain}. */
    private final AtomicBoolean drainAsked = new AtomicBoolean();
    private final Map<String, String> ephemeral = new LinkedHashMap<>(); // guarded by itself
    private final Runnable onEphemeralDropped;
    /** Whether the last write was the ephemeral lane's (only the writer touches it, one write at a time). */
    private boolean ephemeralLast;
    private final Executor writer;

    public WebSocketOutlet(Session session, int maxQueued, Consumer<String> onSent) {
        this(session, maxQueued, onSent, () -> { }, Runnable::run);
    }

    /**
     * {@code onEphemeralDropped}: an ephemeral frame was replaced by a newer one, or had no room to
     * wait. {@code writer} starts the socket writes: a sender (a room's pipeline relaying to a
     * hundred members) only queues frames, and the writes to many sockets go on in parallel.
     */
    public WebSocketOutlet(Session session, int maxQueued, Consumer<String> onSent, Runnable onEphemeralDropped,
            Executor writer) {
        this.session = session;
        this.maxQueued = maxQueued;
        this.onSent = onSent;
        this.onEphemeralDropped = onEphemeralDropped;
        this.writer = writer;
    }

    @Override
    public void sendEphemeral(String coalesceKey, String frame) {
        sendEphemeral(List.of(new Ephemeral(coalesceKey, frame)));
    }

    @Override
    public void sendEphemeral(List<Ephemeral> frames) {
        if (!session.isOpen()) {
            return;
        }
        int dropped = 0;
        synchronized (ephemeral) {
            for (Ephemeral e : frames) {
                boolean replaced = ephemeral.remove(e.coalesceKey()) != null; // the newest goes to the back
                if (!replaced && ephemeral.size() >= maxQueued) {
                    dropped++;
                    continue;
                }
                ephemeral.put(e.coalesceKey(), e.frame());
                if (replaced) {
                    dropped++;
                }
            }
        }
        for (int i = 0; i < dropped; i++) {
            onEphemeralDropped.run();
        }
        startWriting();
    }

    /**
     * Every ephemeral frame waiting, oldest first, as one frame: the frame itself when one waits, a
     * {@code batch} of them when several do (a receiver that is behind, or a room whose pointers
     * move faster than one write: one write carries what piled up during the last); null when none.
     */
    private String nextEphemeral() {
        synchronized (ephemeral) {
            if (ephemeral.isEmpty()) {
                return null;
            }
            if (ephemeral.size() == 1) {
                Iterator<Map.Entry<String, String>> first = ephemeral.entrySet().iterator();
                String frame = first.next().getValue();
                first.remove();
                return frame;
            }
            String batch = MessageCodec.batchFrame(ephemeral.values());
            ephemeral.clear();
            return batch;
        }
    }

    private boolean hasWork() {
        if (!queue.isEmpty()) {
            return true;
        }
        synchronized (ephemeral) {
            return !ephemeral.isEmpty();
        }
    }

    @Override
    public void send(String frame) {
        if (enqueue(frame)) {
            startWriting();
        }
    }

    @Override
    public void reply(String frame) {
        if (enqueue(frame)) {
            drain();
        }
    }

    private boolean enqueue(String frame) {
        if (!session.isOpen()) {
            return false;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queue.clear();
            close(POLICY_VIOLATION, "outgoing queue full: the client did not keep up");
            return false;
        }
        queue.add(frame);
        return true;
    }

    /**
     * Has the writer start on what waits, unless a write is under way (its completion goes on with
     * the rest) or the writer is already asked to (a hundred frames queued at once start one task).
     */
    private void startWriting() {
        if (!writing.get() && hasWork() && drainAsked.compareAndSet(false, true)) {
            try {
                writer.execute(() -> {
                    drainAsked.set(false);
                    drain();
                });
            } catch (RejectedExecutionException stopping) {
                drainAsked.set(false);
                drain();
            }
        }
    }

    private void drain() {
        while (hasWork() && writing.compareAndSet(false, true)) {
            // Ephemeral frames go first, but never twice in a row while a change waits: under a steady
            // stream of pointers (there is always a batch waiting) changes and chat would wait forever.
            String frame = ephemeralLast && !queue.isEmpty() ? null : nextEphemeral();
            boolean queuedFrame = frame == null;
            if (queuedFrame) {
                frame = queue.poll();
            }
            ephemeralLast = !queuedFrame;
            if (frame == null) {
                writing.set(false);
                continue;
            }
            String sent = frame;
            session.sendText(sent, Callback.from(() -> {
                if (queuedFrame) {
                    queued.decrementAndGet();
                }
                onSent.accept(sent);
                writing.set(false);
                drain(); // on the thread that completed the write: what queued meanwhile goes out in turn
            }, failure -> {
                if (queuedFrame) {
                    queued.decrementAndGet();
                }
                writing.set(false);
                queue.clear();
                synchronized (ephemeral) {
                    ephemeral.clear();
                }
            }));
            return;
        }
    }

    @Override
    public void close(int code, String reason) {
        if (session.isOpen()) {
            session.close(code, reason, Callback.NOOP);
        }
    }
}
