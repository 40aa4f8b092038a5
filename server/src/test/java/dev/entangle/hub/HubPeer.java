package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.hub.session.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A client of an in-process {@link Hub}, for tests: sends messages, keeps what the hub sent back. */
class HubPeer {
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private final Hub hub;
    final QueueOutlet outlet = new QueueOutlet();
    final Connection connection = new Connection("c" + CONNECTIONS.incrementAndGet(), outlet);
    final String clientId;
    long seq;

    HubPeer(Hub hub, String clientId, String room) {
        this(hub, clientId, room, null);
    }

    /** Joins with {@code session}: a client resending after a restart joins with the session it had. */
    HubPeer(Hub hub, String clientId, String room, String session) {
        this(hub, new Message.Hello(clientId, room, session));
        assertInstanceOf(Message.Welcome.class, next());
    }

    /** Opens a connection and sends {@code hello}; the hub's answer (welcome or error) is left to read. */
    HubPeer(Hub hub, Message.Hello hello) {
        this.clientId = hello.clientId();
        this.hub = hub;
        hub.opened(connection);
        send(hello);
    }

    static MutationVector vector(String selector, String value, String source, long seq) {
        return new MutationVector(selector, MutationKind.PROPERTY, "value", null, value, source, seq, 1);
    }

    void send(Message message) {
        hub.received(connection, MessageCodec.encode(message));
    }

    /**
     * Entangles and waits for the hub's ack: a room pipeline busy on another thread (a backplane's
     * subscriber, a commit) sends it from there, a moment after {@link #send} returns.
     */
    void entangle(String selector, String to, Mode mode) {
        long sent = ++seq;
        send(new Message.Entangle(sent, selector, to, mode));
        List<Message> replies = new ArrayList<>();
        try {
            Await.until(() -> {
                replies.addAll(drain());
                assertTrue(replies.stream().noneMatch(Message.Error.class::isInstance), "entangle refused: " + replies);
                return replies.stream().anyMatch(m -> m instanceof Message.Ack ack && ack.seq() == sent);
            }, "the ack of entangle " + selector);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the ack of entangle " + selector, e);
        }
    }

    void change(String selector, String value) {
        send(new Message.Mutation(vector(selector, value, clientId, ++seq), null));
    }

    /**
     * The next frame the hub sent, leaving out awareness frames: {@code peer}, which tests read with
     * {@link #peers()}, and {@code presence} and {@code cursor}, read with {@link #awareness()}.
     */
    Message next() {
        while (true) {
            Message message = decode(outlet.frames.remove());
            if (!setAside(message)) {
                return message;
            }
        }
    }

    /** Keeps an awareness frame apart; false for any other. */
    private boolean setAside(Message message) {
        if (message instanceof Message.Peer peer) {
            peers.add(peer);
            return true;
        }
        if (message instanceof Message.Awareness a) {
            awareness.add(a);
            return true;
        }
        return false;
    }

    /** The {@code presence} and {@code cursor} frames seen so far (taken out of the queue), in order. */
    List<Message.Awareness> awareness() {
        for (String frame : List.copyOf(outlet.frames)) {
            if (decode(frame) instanceof Message.Awareness a) {
                outlet.frames.remove(frame);
                awareness.add(a);
            }
        }
        return awareness;
    }

    private final List<Message.Awareness> awareness = new ArrayList<>();

    /** The awareness frames seen so far (taken out of the queue). */
    List<Message.Peer> peers() {
        for (String frame : List.copyOf(outlet.frames)) {
            if (decode(frame) instanceof Message.Peer peer) {
                outlet.frames.remove(frame);
                peers.add(peer);
            }
        }
        return peers;
    }

    private final List<Message.Peer> peers = new ArrayList<>();

    private static Message decode(String frame) {
        try {
            return MessageCodec.decode(frame);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    List<Message> drain() {
        List<Message> out = new ArrayList<>();
        while (!outlet.frames.isEmpty()) {
            Message message = decode(outlet.frames.remove());
            if (!setAside(message)) {
                out.add(message);
            }
        }
        return out;
    }

    List<String> valuesReceived() {
        return valuesIn(drain(), false);
    }

    /**
     * The new values of the relayed changes among {@code messages}, in order, whether one a frame or
     * several in a {@code mutations} frame; {@code withSeq}: each as {@code value@serverSeq}.
     */
    static List<String> valuesIn(List<Message> messages, boolean withSeq) {
        List<String> values = new ArrayList<>();
        for (Message m : messages) {
            List<Message.Mutation> items = m instanceof Message.Mutation mutation ? List.of(mutation)
                    : m instanceof Message.MutationBatch batch ? batch.items() : List.of();
            for (Message.Mutation item : items) {
                values.add(item.vector().newValue() + (withSeq ? "@" + item.serverSeq() : ""));
            }
        }
        return values;
    }

    Message.Error error() {
        return assertInstanceOf(Message.Error.class, next());
    }
}
