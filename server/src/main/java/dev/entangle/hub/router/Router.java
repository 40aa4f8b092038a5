package dev.entangle.hub.router;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands each message a joined member sends to the feature that owns its type, and each publication
 * to the feature that delivers it. A type the hub sends but clients may not is refused here.
 */
public final class Router {
    private final List<Feature> features;
    private final Map<Class<? extends Message>, Feature> owners = new HashMap<>();

    public Router(List<Feature> features) {
        this.features = features;
        for (Feature feature : features) {
            for (Class<? extends Message> type : feature.messages()) {
                Feature before = owners.put(type, feature);
                if (before != null) {
                    throw new IllegalArgumentException(type.getSimpleName() + " is handled by both "
                            + before.getClass().getSimpleName() + " and " + feature.getClass().getSimpleName());
                }
            }
        }
    }

    public void route(Connection connection, Room room, Message message, Replies replies) {
        Feature feature = owners.get(message.getClass());
        if (feature == null || sentByTheHub(message)) {
            replies.refuse(connection, ErrorCode.UNKNOWN_TYPE,
                    "message type '" + message.type() + "' is sent by the hub, not by a client", null);
            return;
        }
        feature.handle(connection, room, message);
    }

    public void deliver(Room room, Publication publication) {
        for (Feature feature : features) {
            if (feature.deliver(room, publication)) {
                return;
            }
        }
    }

    /** A relayed text operation (no client seq), or a batch carrying server sequence numbers, is the hub's to send. */
    private static boolean sentByTheHub(Message message) {
        if (message instanceof Message.TextOp op) {
            return op.seq() == null;
        }
        if (message instanceof Message.MutationBatch batch) {
            for (Message.Mutation item : batch.items()) {
                if (item.serverSeq() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The client sequence number a message carries, to answer a refusal with it; null when none. */
    public static Long seqOf(Message message) {
        if (message instanceof Message.Entangle m) {
            return m.seq();
        }
        if (message instanceof Message.TextOpen m) {
            return m.seq();
        }
        if (message instanceof Message.TextOp m) {
            return m.seq();
        }
        if (message instanceof Message.Disentangle m) {
            return m.seq();
        }
        if (message instanceof Message.Mutation m) {
            return m.vector().seq();
        }
        if (message instanceof Message.MutationBatch m) {
            return m.items().get(0).vector().seq();
        }
        if (message instanceof Message.Own m) {
            return m.seq();
        }
        return null;
    }
}
