package dev.entangle.hub;

import dev.entangle.core.json.Json;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.store.FlushEngine;
import dev.entangle.core.store.VirtualTime;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.Mutators;
import dev.entangle.core.sync.SyncEngine;
import dev.entangle.core.sync.SyncError;
import dev.entangle.core.sync.SyncWireSession;
import dev.entangle.hub.session.Connection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SyncEngine} talking to an in-process {@link Hub} over its WebSocket messages, with
 * delivery in both directions held back until the test says: frames to the hub wait in
 * {@link #toHub}, frames from it in the connection's outlet, so a test can interleave them at
 * will, lose them ({@link #disconnect}) and come back ({@link #reconnect}).
 */
final class InProcessSyncClient implements SyncWireSession.Events {
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private final Hub hub;
    private final String clientId;
    private final String room;
    final SyncEngine engine;
    final Deque<String> toHub = new ArrayDeque<>();
    final Map<Long, SyncError> verdicts = new LinkedHashMap<>();
    private final SyncWireSession session = new SyncWireSession(Json.SIMPLE, toHub::add, null, this);
    private QueueOutlet outlet;
    private Connection connection;

    InProcessSyncClient(Hub hub, String clientId, String room, Mutators mutators, VirtualTime time,
            ConflictResolutionStrategy strategy) {
        this.hub = hub;
        this.clientId = clientId;
        this.room = room;
        this.engine = new SyncEngine("replica-" + clientId, mutators, session, time, time, strategy,
                FlushEngine.Settings.DEFAULTS, verdicts::put);
        session.attach(engine);
        open();
    }

    private void open() {
        outlet = new QueueOutlet();
        connection = new Connection("sync-" + CONNECTIONS.incrementAndGet(), outlet);
        hub.opened(connection);
        hub.received(connection, MessageCodec.encode(new Message.Hello(clientId, room, null)));
        outlet.frames.clear(); // welcome and presence
        session.opened();
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
        session.receive(frame);
        return true;
    }

    @Override
    public void error(Message.Error error) {
        throw new AssertionError("the hub refused a frame: " + error);
    }

    @Override
    public void unreadable(String frame, ProtocolException problem) {
        throw new AssertionError(problem);
    }

    /** The connection drops: whatever was on the way either way is lost. */
    void disconnect() {
        toHub.clear();
        outlet.frames.clear();
        hub.closed(connection);
        session.closed("disconnected");
    }

    void reconnect() {
        open();
    }

    boolean quiet() {
        return toHub.isEmpty() && outlet.frames.isEmpty() && !session.awaitingVerdicts();
    }
}
