package dev.entangle.hub.feature.presence;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.HubConfig;
import dev.entangle.hub.HubStats;
import dev.entangle.hub.backplane.Backplane;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.Event;
import java.util.Set;

/**
 * The ephemeral lane (cursors, typing, presence heartbeats): relayed at once to the other members,
 * encoded once, never logged, outside the room's order (it never waits behind a write to disk), on
 * its own rate budget; a receiver that is behind keeps only the latest per sender and key.
 */
public final class EphemeralLane implements Feature {
    private final HubConfig config;
    private final Replies replies;
    private final Backplane backplane;

    public EphemeralLane(HubConfig config, Replies replies, Backplane backplane) {
        this.config = config;
        this.replies = replies;
        this.backplane = backplane;
    }

    @Override
    public Set<Class<? extends Message>> messages() {
        return Set.of(Message.Ephemeral.class);
    }

    @Override
    public void handle(Connection connection, Room room, Message message) {
        Message.Ephemeral ephemeral = (Message.Ephemeral) message;
        String problem = Identifiers.problemWithId(ephemeral.key());
        if (problem != null) {
            replies.refuse(connection, ErrorCode.INVALID_FIELD, "key " + problem, null);
            return;
        }
        if (ephemeral.source() != null && !ephemeral.source().equals(connection.clientId())) {
            replies.refuse(connection, ErrorCode.IDENTITY_MISMATCH, "connection of " + connection.clientId()
                    + " cannot send as " + ephemeral.source(), null);
            return;
        }
        String frame = MessageCodec.encode(new Message.Ephemeral(ephemeral.key(), ephemeral.value(),
                connection.clientId()));
        int bytes = HubStats.utf8Length(frame);
        if (bytes > config.maxEphemeralBytes) {
            replies.refuse(connection, ErrorCode.FRAME_TOO_LARGE, "an ephemeral message may be "
                    + config.maxEphemeralBytes + " bytes as relayed, this one is " + bytes, null);
            return;
        }
        backplane.publish(new Publication.Ephemeral(room.name(), connection.clientId(), ephemeral.key(), frame));
    }

    @Override
    public boolean replay(Room room, Event event) {
        return false;
    }

    /** Without the room's lock: the members as of the last join or leave. */
    @Override
    public boolean deliver(Room room, Publication publication) {
        if (!(publication instanceof Publication.Ephemeral e)) {
            return false;
        }
        String coalesceKey = e.origin() + '\n' + e.key();
        int receivers = 0;
        for (Connection member : room.membersNow()) {
            if (!member.clientId().equals(e.origin())) {
                member.sendEphemeral(coalesceKey, e.frame());
                receivers++;
            }
        }
        replies.stats().ephemeralRelayed(receivers);
        return true;
    }
}
