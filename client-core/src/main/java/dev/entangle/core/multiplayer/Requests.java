package dev.entangle.core.multiplayer;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.session.Wire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Chat and activity requests waiting for the hub's answer, by {@code seq}. A request made while
 * disconnected waits for the next connection. When a connection drops, a request marked
 * {@code resend} (a chat message: the hub recognises it by its id) is sent again on the next one;
 * any other unanswered request is answered {@code disconnected}, since the hub may or may not have
 * acted on it (a reaction is a toggle: sending it twice would undo it).
 */
final class Requests {

    /** How the hub answered a request: {@code fields} of the result, or an error {@code code} (null when answered). */
    interface Answer {
        void answered(Map<String, Object> fields, String code, String message);
    }

    private static final class Request {
        final LongFunction<Message> frame;
        final Answer answer;
        final boolean resend;

        Request(LongFunction<Message> frame, Answer answer, boolean resend) {
            this.frame = frame;
            this.answer = answer;
            this.resend = resend;
        }
    }

    private final Wire wire;
    private final Map<Long, Request> inFlight = new LinkedHashMap<>();
    private final List<Request> waiting = new ArrayList<>();

    Requests(Wire wire) {
        this.wire = wire;
    }

    /** Sends the request {@code frame(seq)} now, or on the next connection. */
    void send(LongFunction<Message> frame, boolean resend, Answer answer) {
        Request request = new Request(frame, answer, resend);
        if (wire.isOpen()) {
            sendNow(request);
        } else {
            waiting.add(request);
        }
    }

    private void sendNow(Request request) {
        long seq = wire.nextSeq();
        inFlight.put(seq, request);
        wire.send(request.frame.apply(seq));
    }

    /** A result for {@code seq}: true when it answered one of these requests. */
    boolean answered(long seq, Map<String, Object> fields) {
        Request request = inFlight.remove(seq);
        if (request == null) {
            return false;
        }
        request.answer.answered(fields, null, null);
        return true;
    }

    /**
     * The hub refused {@code seq}: true when it was one of these requests. A refusal for now
     * ({@link ErrorCode#isTransient()}) of a resendable request keeps it for {@link #retry}.
     */
    boolean refused(long seq, ErrorCode code, String message) {
        Request request = inFlight.remove(seq);
        if (request == null) {
            return false;
        }
        if (code.isTransient() && request.resend) {
            waiting.add(request);
            return true;
        }
        request.answer.answered(null, code.wire(), message);
        return true;
    }

    /** Whether a request refused for now waits to be sent again. */
    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Joined (again), or the backoff after a refusal for now ended: sends what waits, in order. */
    void retry() {
        if (!wire.isOpen()) {
            return;
        }
        List<Request> next = new ArrayList<>(waiting);
        waiting.clear();
        for (Request request : next) {
            sendNow(request);
        }
    }

    /** The connection dropped: resendable requests wait for the next one; the others are answered {@code disconnected}. */
    void connectionLost() {
        List<Request> unanswered = new ArrayList<>(inFlight.values());
        inFlight.clear();
        List<Request> lost = new ArrayList<>();
        for (Request request : unanswered) {
            if (request.resend) {
                waiting.add(request);
            } else {
                lost.add(request);
            }
        }
        for (Request request : lost) {
            request.answer.answered(null, "disconnected",
                    "the connection dropped before the hub answered; the hub may or may not have done it");
        }
    }
}
