package dev.entangle.hub;

import dev.entangle.hub.session.Outlet;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/** An outlet that keeps what the hub sent, for tests that drive the hub without a network. */
final class QueueOutlet implements Outlet {
    // Concurrent: a room pipeline may send from another thread than the test's.
    final Deque<String> frames = new ConcurrentLinkedDeque<>();
    int closeCode;
    String closeReason;

    @Override
    public void send(String frame) {
        frames.add(frame);
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }
}
