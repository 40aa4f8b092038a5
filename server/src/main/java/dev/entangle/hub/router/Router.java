package dev.entangle.hub.router;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.hub.HubConfig;
import dev.entangle.hub.HubStats;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.session.RateLimit;
import dev.entangle.hub.session.WebSocketOutlet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a frame goes: checked for size and the sender's rate, decoded once, then handed to the
 * feature that owns its type (each publication, too, to the feature that delivers it). A type the
 * hub sends but clients may not is refused here.
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /** Close code for a client that floods past its rate limit (RFC 6455 "policy violation"). */
    public static final int POLICY_VIOLATION = WebSocketOutlet.POLICY_VIOLATION;

    private final HubConfig config;
    private final Replies replies;
    private final List<Feature> features;
    private final Map<Class<? extends Message>, Feature> owners = new HashMap<>();

    public Router(HubConfig config, Replies replies, List<Feature> features) {
        this.config = config;
        this.replies = replies;
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

    /**
     * {@code frame} as a message, once it is within the size limit, well-formed and within the
     * sender's rate (the ephemeral lane, presence and cursors included, has its own, and drops rather
     * than refuses); else null, having answered (and closed a flooder).
     */
    public Message decode(Connection connection, String frame) {
        int bytes = HubStats.utf8Length(frame);
        replies.stats().received(bytes);
        if (bytes > config.maxFrameBytes) {
            replies.refuse(connection, ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + bytes + " bytes exceeds the limit of " + config.maxFrameBytes, null);
            return null;
        }
        Message message;
        try {
            message = MessageCodec.decode(frame);
        } catch (ProtocolException e) {
            replies.refuse(connection, e.code(), e.getMessage(), null);
            return null;
        }
        boolean ephemeral = message instanceof Message.Ephemeral || message instanceof Message.Awareness;
        RateLimit rateLimit = ephemeral ? connection.ephemeralRateLimit() : connection.rateLimit();
        RateLimit.Verdict verdict = rateLimit == null ? RateLimit.Verdict.ACCEPTED : rateLimit.take(bytes);
        if (ephemeral && verdict == RateLimit.Verdict.REFUSED) {
            replies.stats().ephemeralDropped(); // the lane keeps the latest: the sender's next one supersedes this
            return null;
        }
        if (verdict != RateLimit.Verdict.ACCEPTED) {
            replies.refuse(connection, ErrorCode.RATE_LIMITED, "more than " + config.messagesPerSecond
                    + " messages or " + config.bytesPerSecond + " bytes per second; send it again later",
                    seqOf(message));
            if (verdict == RateLimit.Verdict.FLOODING) {
                log.warn("disconnecting {}: it kept sending past its rate limit", connection);
                connection.close(POLICY_VIOLATION, "rate limit exceeded");
            }
            return null;
        }
        return message;
    }

    /** Hands {@code message} from {@code connection}, a member of {@code room}, to the feature owning its type. */
    public void route(Connection connection, Room room, Message message) {
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
        if (message instanceof Message.Chat chat) {
            return !chat.type().equals("chat"); // chat-result, chat-event
        }
        if (message instanceof Message.Activity activity) {
            return !activity.type().equals("activity"); // activity-result, activity-event
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
        if (message instanceof Message.Chat m) {
            return m.fields().get("seq") instanceof Long seq ? seq : null;
        }
        if (message instanceof Message.Activity m) {
            return m.fields().get("seq") instanceof Long seq ? seq : null;
        }
        return null;
    }
}
