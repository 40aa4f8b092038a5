package dev.entangle.hub.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Sends one frame at a time on a Jetty session, in order, from a bounded queue. Jetty's sends are
 * asynchronous and refuse a second write while one is pending, and a client that stops reading
 * must not grow the hub's memory: past {@code maxQueued} frames it is disconnected (1008).
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

    public WebSocketOutlet(Session session, int maxQueued, Consumer<String> onSent) {
        this.session = session;
        this.maxQueued = maxQueued;
        this.onSent = onSent;
    }

    @Override
    public void send(String frame) {
        if (!session.isOpen()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queue.clear();
            close(POLICY_VIOLATION, "outgoing queue full: the client did not keep up");
            return;
        }
        queue.add(frame);
        drain();
    }

    private void drain() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            String frame = queue.poll();
            if (frame == null) {
                writing.set(false);
                continue;
            }
            session.sendText(frame, Callback.from(() -> {
                queued.decrementAndGet();
                onSent.accept(frame);
                writing.set(false);
                drain();
            }, failure -> {
                queued.decrementAndGet();
                writing.set(false);
                queue.clear();
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
