package dev.entangle.hub.feature.sync;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.hub.HubConfig;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.room.SnapshotParts;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.RoomSnapshot;
import dev.entangle.hub.sync.SyncRoom;
import java.util.Set;

/**
 * Named operations over a room's WebSocket: {@code sync_subscribe} follows the synchronised state
 * (a {@code state_changed} to catch up, then one per change, and who is connected), {@code sync_push}
 * runs operations, each answered with an {@code operation_confirmed} once durable. The state itself,
 * shared with the HTTP endpoints, is {@link SyncHub}'s.
 */
public final class SyncFeature implements Feature {
    private final HubConfig config;
    private final Replies replies;
    private final SyncHub sync;

    public SyncFeature(HubConfig config, Replies replies, SyncHub sync) {
        this.config = config;
        this.replies = replies;
        this.sync = sync;
    }

    @Override
    public Set<Class<? extends Message>> messages() {
        return Set.of(Message.SyncSubscribe.class, Message.SyncPush.class);
    }

    @Override
    public void handle(Connection connection, Room room, Message message) {
        if (message instanceof Message.SyncSubscribe subscribe) {
            String problem = Identifiers.problemWithId(subscribe.clientId());
            if (problem == null && subscribe.types() != null) {
                problem = SyncHub.typesProblem(subscribe.types());
            }
            if (problem != null) {
                replies.refuse(connection, ErrorCode.INVALID_FIELD, problem, null);
                return;
            }
            room.pipeline().submit(replies.step(connection, message.type(), () -> sync.follow(room,
                    new SyncHub.Follower(followerKey(connection), connection.clientId(), subscribe.clientId(),
                            subscribe.types(), m -> replies.send(connection, m)), subscribe.stateVersion())));
            return;
        }
        Message.SyncPush push = (Message.SyncPush) message;
        if (push.operations().size() > config.maxOperationsPerPush) {
            replies.refuse(connection, ErrorCode.OPERATION_TOO_LARGE, "a push holds at most "
                    + config.maxOperationsPerPush + " operations, got " + push.operations().size(), null);
            return;
        }
        if (!replies.mayWrite(connection, null)) {
            return;
        }
        room.pipeline().submit(sync.push(room, connection.clientId(), connection.clientId(), push.operations(),
                verdicts -> {
                    for (OperationResult result : verdicts) {
                        replies.send(connection, new Message.OperationConfirmed(result));
                    }
                }, e -> replies.internal(connection, message.type(), e)));
    }

    /** The key under which a connection follows its room's state. */
    public static String followerKey(Connection connection) {
        return "ws:" + connection.id();
    }

    @Override
    public boolean replay(Room room, Event event) {
        if (event instanceof Event.OperationApplied o) {
            sync.replay(room, o);
            return true;
        }
        return false;
    }

    /** Another hub applied a named operation: applied here too, and the followers here hear what changed. */
    @Override
    public boolean follow(Room room, Event event) {
        if (!(event instanceof Event.OperationApplied o)) {
            return false;
        }
        sync.follow(room, o);
        return true;
    }

    @Override
    public void restore(Room room, RoomSnapshot snapshot) {
        if (snapshot.sync() != null) {
            sync.state(room).restore(snapshot.sync());
        }
    }

    @Override
    public void snapshot(Room room, SnapshotParts out) {
        SyncRoom state = room.existingPart(SyncRoom.class);
        if (state != null && !state.isEmpty()) {
            out.sync = state.toJson();
        }
    }

    @Override
    public boolean deliver(Room room, Publication publication) {
        if (publication instanceof Publication.StateChanged changed) {
            sync.changed(room, changed);
            return true;
        }
        return false;
    }
}
