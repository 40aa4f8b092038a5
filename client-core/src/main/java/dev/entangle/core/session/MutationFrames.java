package dev.entangle.core.session;

import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How value changes leave the session: each in its own frame, or, once the page hands over a way
 * to run a task after its current work ({@link ClientSession#coalesceFrames}), all the changes of
 * one task together in {@code mutations} frames of bounded size. The hub then logs them in one
 * transaction and relays them to each member in one frame.
 */
final class MutationFrames {
    /** A frame of queued changes stays well under the hub's 64 KiB frame limit. */
    static final int MAX_QUEUED_FRAME_CHARS = 16 * 1024; // at most 48 KiB of UTF-8

    private final Wire wire;
    /** Runs a task once the page's current work is done (a microtask); null sends every change in its own frame. */
    private Consumer<Runnable> soon;
    /** Changes made in the current task, sent together by {@link #sendQueued()}. */
    private final List<Message.Mutation> queued = new ArrayList<>();

    MutationFrames(Wire wire) {
        this.wire = wire;
    }

    void coalesce(Consumer<Runnable> soon) {
        this.soon = soon;
    }

    /** Sends {@code mutation} now, or with the rest of the current task's changes. */
    void send(Message.Mutation mutation) {
        if (soon == null) {
            wire.send(mutation);
            return;
        }
        queued.add(mutation);
        if (queued.size() == 1) {
            soon.accept(this::sendQueued);
        }
    }

    /** The connection dropped: the queued changes were in flight, and the session sends them again as unsent. */
    void connectionLost() {
        queued.clear();
    }

    /** Sends the changes queued in this task: one {@code mutation}, or {@code mutations} frames of bounded size. */
    private void sendQueued() {
        if (!wire.isOpen() || queued.isEmpty()) {
            queued.clear();
            return;
        }
        List<Message.Mutation> frame = new ArrayList<>();
        int chars = 0;
        for (Message.Mutation m : queued) {
            int size = 160 + length(m.vector().selector()) + length(m.vector().name()) + length(m.vector().oldValue())
                    + length(m.vector().newValue());
            if (!frame.isEmpty() && (chars + size > MAX_QUEUED_FRAME_CHARS || frame.size() == MessageCodec.MAX_BATCH)) {
                sendFrame(frame);
                frame = new ArrayList<>();
                chars = 0;
            }
            frame.add(m);
            chars += size;
        }
        sendFrame(frame);
        queued.clear();
    }

    private void sendFrame(List<Message.Mutation> frame) {
        wire.send(frame.size() == 1 ? frame.get(0) : new Message.MutationBatch(frame));
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
