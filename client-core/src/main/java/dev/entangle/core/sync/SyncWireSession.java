package dev.entangle.core.sync;

import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.protocol.SyncCodec;
import dev.entangle.core.store.PushedBatch;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link SyncEngine}'s conversation with the hub in named-operation frames, whatever carries
 * them (a browser WebSocket, the JDK's, an in-process hub): a push is one {@code sync_push} whose
 * batch is answered by its {@code operation_confirmed}s, a pull is a {@code sync_subscribe} from
 * the version held, and what the hub sends is routed into the engine. The transport only moves
 * text and says when the connection {@link #opened} and {@link #closed}; what is not sync (the
 * handshake, presence, errors, frames this client cannot read) goes to its {@link Events}.
 * Single-threaded: call it from one thread (or the browser's event loop).
 */
public final class SyncWireSession implements SyncEngine.Transport {

    /** What the session hands back to its transport: the frames that are not the engine's business. */
    public interface Events {
        /** The hub took the connection in. */
        default void welcomed(Message.Welcome welcome) {
        }

        /** Another client of the room came or went. */
        default void presence(String clientId, boolean connected) {
        }

        /** The hub refused something; a batch in flight stays in flight unless {@link #abandon}ed. */
        default void error(Message.Error error) {
        }

        /** A {@code state_changed} reached the engine. */
        default void stateChanged(ServerDelta delta) {
        }

        /** A frame this client cannot read (a newer hub's message, say): ignored unless this throws. */
        default void unreadable(String frame, ProtocolException problem) {
        }
    }

    private final JsonEngine json;
    private final Consumer<String> outlet;
    private final List<String> types;
    private final Events events;
    private SyncEngine engine;
    private PushedBatch inFlight;

    /**
     * {@code outlet} sends a text frame to the hub; {@code types} filters the atoms followed (null:
     * all). The engine comes with {@link #attach}, since it is built with this session as its
     * transport.
     */
    public SyncWireSession(JsonEngine json, Consumer<String> outlet, List<String> types, Events events) {
        this.json = json;
        this.outlet = outlet;
        this.types = types;
        this.events = events;
    }

    /** The engine whose operations go out and which hears what comes in. */
    public SyncWireSession attach(SyncEngine engine) {
        this.engine = engine;
        return this;
    }

    /** The connection is (back) up and joined: follow the room from the version held, resend what is queued. */
    public void opened() {
        engine.connected();
    }

    /** The connection dropped: the batch in flight has lost its answer (the flush engine sends it again). */
    public void closed(String reason) {
        abandon(reason);
    }

    @Override
    public void push(List<PushedOperation> batch, Consumer<List<OperationResult>> answered, Consumer<String> failed) {
        inFlight = new PushedBatch(batch, answered, failed);
        outlet.accept(MessageCodec.encodeAsClient(new Message.SyncPush(batch), json, SyncCodec.FAMILY));
    }

    /** A pull over a live connection is a new follow from {@code from}: the hub answers with what was missed. */
    @Override
    public void pull(long from) {
        outlet.accept(MessageCodec.encodeAsClient(new Message.SyncSubscribe(engine.replicaId(), from, types), json,
                SyncCodec.FAMILY));
    }

    /** A frame from the hub. */
    public void receive(String frame) {
        Message message;
        try {
            message = MessageCodec.decodeAsClient(frame, json, SyncCodec.FAMILY);
        } catch (ProtocolException e) {
            events.unreadable(frame, e);
            return;
        }
        if (message instanceof Message.StateChanged changed) {
            engine.received(changed.delta());
            events.stateChanged(changed.delta());
        } else if (message instanceof Message.OperationConfirmed confirmed) {
            verdict(confirmed.result());
        } else if (message instanceof Message.ClientPresence presence) {
            events.presence(presence.clientId(), presence.connected());
        } else if (message instanceof Message.Welcome welcome) {
            events.welcomed(welcome);
        } else if (message instanceof Message.Error error) {
            events.error(error);
        }
    }

    /**
     * Gives up waiting for the batch in flight ({@code reason}: why); true when there was one. Its
     * late verdicts, if any come, reach the engine on their own.
     */
    public boolean abandon(String reason) {
        PushedBatch batch = inFlight;
        inFlight = null;
        if (batch == null) {
            return false;
        }
        batch.fail(reason);
        return true;
    }

    /** True while a pushed batch waits for verdicts. */
    public boolean awaitingVerdicts() {
        return inFlight != null;
    }

    private void verdict(OperationResult result) {
        if (inFlight == null || !inFlight.take(result)) {
            engine.settled(result); // of no batch in flight: an earlier, abandoned one's late answer
        } else if (inFlight.isSettled()) {
            inFlight = null;
        }
    }
}
