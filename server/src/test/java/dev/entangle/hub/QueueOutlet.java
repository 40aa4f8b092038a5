package dev.entangle.hub;

import dev.entangle.hub.session.Outlet;
import java.util.ArrayDeque;
import java.util.Deque;

/** An outlet that keeps what the hub sent, for tests that drive the hub without a network. */
final class QueueOutlet implements Outlet {
    final Deque<String> frames = new ArrayDeque<>();
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
