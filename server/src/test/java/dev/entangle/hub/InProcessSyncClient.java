package dev.entangle.hub;

import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.store.PushedBatch;
import dev.entangle.core.store.VirtualTime;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.Mutators;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.SyncEngine;
import dev.entangle.core.sync.SyncError;
import dev.entangle.hub.session.Connection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link SyncEngine} talking to an in-process {@link Hub} over its WebSocket messages, with
 * delivery in both directions held back until the test says: frames to the hub wait in
 * {@link #toHub}, frames from it in the connection's outlet, so a test can interleave them at
 * will, lose them ({@link #disconnect}) and come back ({@link #reconnect}).
 */
final class InProcessSyncClient implements SyncEngine.Transport {
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private final Hub hub;
    private final String clientId;
    private final String room;
    final SyncEngine engine;
    final Deque<String> toHub = new ArrayDeque<>();
    final Map<Long, SyncError> verdicts = new LinkedHashMap<>();
    private QueueOutlet outlet;
    private Connection connection;
    private PushedBatch inFlight;

    InProcessSyncClient(Hub hub, String clientId, String room, Mutators mutators, VirtualTime time,
            ConflictResolutionStrategy strategy) {
        this.hub = hub;
        this.clientId = clientId;
        this.room = room;
        this.engine = new SyncEngine("replica-" + clientId, mutators, this, time, time, strategy,
                FlushEngine.Settings.DEFAULTS, verdicts::put);
        open();
    }

    private void open() {
        outlet = new QueueOutlet();
        connection = new Connection("sync-" + CONNECTIONS.incrementAndGet(), outlet);
        hub.opened(connection);
        hub.received(connection, MessageCodec.encode(new Message.Hello(clientId, room, null)));
        outlet.frames.clear(); // welcome and presence
        engine.connected();
    }

    @Override
    public void push(List<PushedOperation> batch, Consumer<List<OperationResult>> answered, Consumer<String> failed) {
        inFlight = new PushedBatch(batch, answered, failed);
        toHub.add(MessageCodec.encode(new Message.SyncPush(batch)));
    }

    @Override
    public void pull(long from) {
        toHub.add(MessageCodec.encode(new Message.SyncSubscribe(engine.replicaId(), from, null)));
    }

    /** Hands the hub the oldest frame waiting for it; false when none was. */
    boolean deliverToHub() {
        String frame = toHub.poll();
        if (frame == null) {
            return false;
        }
        hub.received(connection, frame);
        return true;
    }

    /** Hands the engine the oldest frame the hub sent; false when none was. */
    boolean deliverFromHub() {
        String frame = outlet.frames.poll();
        if (frame == null) {
            return false;
        }
        Message message;
        try {
            message = MessageCodec.decode(frame);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
        if (message instanceof Message.StateChanged changed) {
            engine.received(changed.delta());
        } else if (message instanceof Message.OperationConfirmed confirmed) {
            if (inFlight == null || !inFlight.take(confirmed.result())) {
                engine.settled(confirmed.result());
            }
        } else if (message instanceof Message.Error error) {
            throw new AssertionError("the hub refused a frame: " + error);
        }
        return true;
    }

    /** The connection drops: whatever was on the way either way is lost. */
    void disconnect() {
        toHub.clear();
        outlet.frames.clear();
        hub.closed(connection);
        PushedBatch batch = inFlight;
        inFlight = null;
        if (batch != null) {
            batch.fail("disconnected");
        }
    }

    void reconnect() {
        open();
    }

    boolean quiet() {
        return toHub.isEmpty() && outlet.frames.isEmpty() && (inFlight == null || inFlight.isSettled());
    }
}
