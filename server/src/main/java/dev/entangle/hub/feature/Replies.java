package dev.entangle.hub.feature;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.HubStats;
import dev.entangle.hub.room.RoomPipeline;
import dev.entangle.hub.room.RoomTask;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.session.WebSocketOutlet;
import dev.entangle.hub.store.Event;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a feature answers the connection a message came from: a reply, or a refusal with a stable
 * code (counted in /stats), and the one check every change makes first — may this connection write?
 */
public final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final HubStats stats;
    private final Clock clock;

    public Replies(HubStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    /** Queued for the connection (the hub's writers send it): acks, errors, presence. */
    public void send(Connection connection, Message message) {
        RoomPipeline.beforeDirectSend();
        connection.send(MessageCodec.encode(message));
    }

    /**
     * Part of a long answer (what a {@code text-open} catches up with, the latest values an
     * {@code entangle} starts from): written at once when the socket is free, so the answer goes out
     * as fast as the socket takes it rather than filling the connection's queue first.
     */
    public void sendAtOnce(Connection connection, Message message) {
        RoomPipeline.beforeDirectSend();
        connection.reply(MessageCodec.encode(message));
    }

    public void refuse(Connection connection, ErrorCode code, String message, Long seq) {
        stats.refused(code);
        send(connection, new Message.Error(code, message, seq));
    }

    /** A change is refused when the connection may only read, or its token has expired (then it is also closed). */
    public boolean mayWrite(Connection connection, Long seq) {
        if (connection.readOnly()) {
            refuse(connection, ErrorCode.READ_ONLY, connection.clientId() + " may read room '" + connection.room()
                    + "' but not change it", seq);
            return false;
        }
        if (connection.expiresAt() != null && !clock.instant().isBefore(connection.expiresAt())) {
            refuse(connection, ErrorCode.TOKEN_EXPIRED, "the token expired at " + connection.expiresAt()
                    + "; connect again with a fresh one", seq);
            connection.close(WebSocketOutlet.POLICY_VIOLATION, "token expired");
            return false;
        }
        return true;
    }

    /** Refuses every change staged in a round whose write failed: the client sends it again. */
    public void storageFailed(Connection connection, Long seq) {
        refuse(connection, ErrorCode.STORAGE_FAILED, "the hub could not store this change; send it again later", seq);
    }

    /** A step of the room's order made from {@code connection}'s message of {@code type}. */
    public RoomTask.Step step(Connection connection, String type, Runnable run) {
        return new RoomTask.Step() {
            @Override
            public void run() {
                run.run();
            }

            @Override
            public void crashed(RuntimeException e) {
                internal(connection, type, e);
            }
        };
    }

    /** A change of the room's order made from {@code connection}'s message of {@code type}, staged by {@code stage}. */
    public RoomTask.Change change(Connection connection, String type, Supplier<RoomTask.Staged> stage) {
        return new RoomTask.Change() {
            @Override
            public RoomTask.Staged stage() {
                return stage.get();
            }

            @Override
            public void crashed(RuntimeException e) {
                internal(connection, type, e);
            }
        };
    }

    /**
     * A change that writes nothing (a duplicate, a request for a token already held): acknowledged
     * ({@code serverSeq} may be null) once what is staged before it in the round is durable.
     */
    public RoomTask.Staged acknowledged(Connection connection, Long seq, Long serverSeq) {
        return answered(connection, seq, new Message.Ack(seq, serverSeq));
    }

    /**
     * A change that writes nothing, answered with {@code answer} (a chat's resend, a read mark that
     * does not move) once what is staged before it in the round is durable.
     */
    public RoomTask.Staged answered(Connection connection, Long seq, Message answer) {
        return new RoomTask.Staged() {
            @Override
            public List<Event> events() {
                return List.of();
            }

            @Override
            public void committed() {
                send(connection, answer);
            }

            @Override
            public void undo() {
                // Nothing was staged.
            }

            @Override
            public void failed() {
                storageFailed(connection, seq);
            }
        };
    }

    /** Answers a message whose handling failed unexpectedly: the hub goes on, the client hears {@code internal}. */
    public void internal(Connection connection, String type, RuntimeException e) {
        log.error("internal error handling {} from {}", type, connection, e);
        refuse(connection, ErrorCode.INTERNAL, "the hub failed to handle this " + type, null);
    }

    public HubStats stats() {
        return stats;
    }

    public Clock clock() {
        return clock;
    }
}
