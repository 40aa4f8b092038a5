package dev.entangle.hub.feature.text;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.HubConfig;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.doc.Sequencer;
import dev.entangle.hub.doc.TextDocument;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.feature.activity.ActivityHook;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.room.RoomTask;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.room.SnapshotParts;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collaborative text: each document of a room has one order (its {@link Sequencer}); an operation
 * is transformed past everything committed and staged since its base, made durable with its
 * round, then applied, acknowledged with its revision and relayed to the document's followers.
 * Opening a document gives the text, or the operations since the client's revision.
 */
public final class TextFeature implements Feature {
    private static final Logger log = LoggerFactory.getLogger(TextFeature.class);

    private final HubConfig config;
    private final Replies replies;
    private final String epoch;
    private final ActivityHook activity;

    public TextFeature(HubConfig config, Replies replies, String epoch) {
        this(config, replies, epoch, ActivityHook.NONE);
    }

    /** {@code activity} hears of every edit once it is durable. */
    public TextFeature(HubConfig config, Replies replies, String epoch, ActivityHook activity) {
        this.config = config;
        this.replies = replies;
        this.epoch = epoch;
        this.activity = activity;
    }

    @Override
    public Set<Class<? extends Message>> messages() {
        return Set.of(Message.TextOpen.class, Message.TextOp.class, Message.TextCursor.class);
    }

    @Override
    public void handle(Connection connection, Room room, Message message) {
        if (message instanceof Message.TextOpen open) {
            String problem = Identifiers.problemWithSelector(open.doc());
            if (problem != null) {
                replies.refuse(connection, ErrorCode.INVALID_FIELD, "doc " + problem, open.seq());
                return;
            }
            room.pipeline().submit(replies.step(connection, message.type(), () -> open(connection, room, open)));
        } else if (message instanceof Message.TextOp op) {
            operation(connection, room, op);
        } else {
            Message.TextCursor cursor = (Message.TextCursor) message;
            room.pipeline().submit(replies.step(connection, message.type(), () -> {
                if (followed(connection, room, cursor.doc(), null) != null) {
                    room.pipeline().publish(new Publication.TextCursor(room.name(), connection.clientId(), cursor.doc(),
                            cursor.revision(), cursor.anchor(), cursor.head()));
                }
            }));
        }
    }

    private void open(Connection connection, Room room, Message.TextOpen open) {
        RoomTexts texts = texts(room);
        TextDocument existing = texts.existing(open.doc());
        if (existing == null && texts.size() >= config.maxDocumentsPerRoom) {
            replies.refuse(connection, ErrorCode.LIMIT_REACHED, "a room keeps at most " + config.maxDocumentsPerRoom
                    + " documents", open.seq());
            return;
        }
        if ((existing == null || !existing.followers().contains(connection.clientId()))
                && texts.followedBy(connection.clientId()) >= config.maxDocumentsPerClient) {
            replies.refuse(connection, ErrorCode.LIMIT_REACHED, "a client may follow at most "
                    + config.maxDocumentsPerClient + " documents", open.seq());
            return;
        }
        TextDocument text = texts.text(open.doc());
        text.followers().add(connection.clientId());
        Sequencer sequencer = text.sequencer();
        Long revision = open.revision();
        if (revision == null || !epoch.equals(open.epoch()) || revision < sequencer.oldestRevision()
                || revision > sequencer.revision()) {
            replies.send(connection, new Message.TextSnapshot(open.doc(), sequencer.revision(), sequencer.text(),
                    sequencer.lastClientSeq(connection.author())));
        } else {
            replies.stats().resumed();
            // Catch up: the client's own commits come back as acks, so it knows they arrived.
            for (Sequencer.Commit commit : sequencer.since(revision)) {
                if (commit.author().equals(connection.author())) {
                    replies.sendAtOnce(connection, new Message.Ack(commit.clientSeq(), commit.revision()));
                } else {
                    replies.sendAtOnce(connection, new Message.TextOp(null, open.doc(), commit.revision(), commit.operation(),
                            clientIdOf(commit.author())));
                }
            }
        }
        replies.send(connection, new Message.Ack(open.seq(), null));
    }

    private void operation(Connection connection, Room room, Message.TextOp op) {
        if (op.operation().componentCount() > config.maxOperationComponents) {
            replies.refuse(connection, ErrorCode.OPERATION_TOO_LARGE, "an operation may have at most "
                    + config.maxOperationComponents + " components, this one has " + op.operation().componentCount(),
                    op.seq());
            return;
        }
        if (!replies.mayWrite(connection, op.seq())) {
            return;
        }
        room.pipeline().submit(replies.change(connection, op.type(), () -> stageOperation(connection, room, op)));
    }

    private RoomTask.Staged stageOperation(Connection connection, Room room, Message.TextOp op) {
        TextDocument text = followed(connection, room, op.doc(), op.seq());
        if (text == null) {
            return null;
        }
        Sequencer sequencer = text.sequencer();
        Sequencer.Outcome outcome;
        try {
            outcome = sequencer.prepare(connection.author(), op.seq(), op.revision(), op.operation());
        } catch (Sequencer.InvalidOperation e) {
            replies.refuse(connection, e instanceof Sequencer.RevisionTooOld ? ErrorCode.REVISION_TOO_OLD
                    : ErrorCode.INVALID_OPERATION, e.getMessage(), op.seq());
            return null;
        }
        if (outcome instanceof Sequencer.Duplicate duplicate) {
            // Acknowledged again once what is staged before it (perhaps the original) is durable.
            return replies.acknowledged(connection, op.seq(), duplicate.revision());
        }
        Sequencer.Commit commit = ((Sequencer.Committed) outcome).commit();
        sequencer.stage(commit);
        return new RoomTask.Staged() {
            @Override
            public List<Event> events() {
                return List.of(new Event.TextCommitted(room.name(), op.doc(), commit.revision(), commit.author(),
                        commit.clientSeq(), commit.operation()));
            }

            @Override
            public void committed() {
                sequencer.applyStaged(replies.clock().millis());
                replies.send(connection, new Message.Ack(op.seq(), commit.revision()));
                room.pipeline().publish(new Publication.TextCommitted(room.name(), connection.clientId(), op.doc(),
                        commit.revision(), commit.operation()));
                activity.edited(room, connection.clientId(), "doc", op.doc());
            }

            @Override
            public void undo() {
                sequencer.dropStaged();
            }

            @Override
            public void failed() {
                undo();
                replies.storageFailed(connection, op.seq());
            }
        };
    }

    private TextDocument followed(Connection connection, Room room, String doc, Long seq) {
        TextDocument text = texts(room).existing(doc);
        if (text == null || !text.followers().contains(connection.clientId())) {
            replies.refuse(connection, ErrorCode.NOT_OPEN, connection.clientId() + " has not opened document '" + doc
                    + "'", seq);
            return null;
        }
        return text;
    }

    @Override
    public boolean replay(Room room, Event event) {
        if (event instanceof Event.TextCommitted t) {
            // When it was first applied is not logged: it counts as old, kept only among the last textHistory.
            texts(room).text(t.doc()).sequencer().apply(
                    new Sequencer.Commit(t.revision(), t.author(), t.clientSeq(), t.operation()));
            return true;
        }
        return false;
    }

    /** Another hub committed a text operation: applied here as committed, relayed to the followers here. */
    @Override
    public boolean follow(Room room, Event event) {
        if (!replay(room, event)) {
            return false;
        }
        Event.TextCommitted t = (Event.TextCommitted) event;
        room.pipeline().publish(new Publication.TextCommitted(room.name(), clientIdOf(t.author()), t.doc(), t.revision(),
                t.operation()));
        return true;
    }

    @Override
    public boolean deliver(Room room, Publication publication) {
        String doc;
        String frame;
        String origin;
        if (publication instanceof Publication.TextCommitted t) {
            doc = t.doc();
            origin = t.origin();
            frame = MessageCodec.encode(new Message.TextOp(null, t.doc(), t.revision(), t.operation(), t.origin()));
        } else if (publication instanceof Publication.TextCursor c) {
            doc = c.doc();
            origin = c.origin();
            frame = MessageCodec.encode(new Message.TextCursor(c.doc(), c.revision(), c.anchor(), c.head(), c.origin()));
        } else {
            return false;
        }
        TextDocument text = texts(room).existing(doc);
        if (text != null) {
            for (String follower : text.followers()) {
                Connection target = room.member(follower);
                if (target != null && !follower.equals(origin)) {
                    target.send(frame);
                }
            }
        }
        return true;
    }

    @Override
    public void restore(Room room, RoomSnapshot snapshot) {
        for (RoomSnapshot.Doc d : snapshot.docs()) {
            Map<String, Sequencer.Seen> seen = new HashMap<>();
            d.seen().forEach((author, s) -> seen.put(author, new Sequencer.Seen(s[0], s[1])));
            List<Sequencer.Recent> recent = new ArrayList<>();
            for (RoomSnapshot.Commit c : d.recent()) {
                recent.add(new Sequencer.Recent(new Sequencer.Commit(c.revision(), c.author(), c.clientSeq(),
                        c.operation()), c.appliedAt()));
            }
            texts(room).text(d.name()).restore(new Sequencer(d.revision(), d.text(), seen, recent));
        }
    }

    /**
     * Each document with the operations clients may still catch up from: the last
     * {@code textHistory}, and all applied within the session grace period (older ones are dropped
     * from memory too).
     */
    @Override
    public void snapshot(Room room, SnapshotParts out) {
        RoomTexts texts = room.existingPart(RoomTexts.class);
        if (texts == null) {
            return;
        }
        long appliedSince = replies.clock().millis() - config.sessionGraceMillis;
        for (TextDocument text : texts.all()) {
            Sequencer sequencer = text.sequencer();
            sequencer.keepLast(config.textHistory, appliedSince);
            Map<String, long[]> seen = new LinkedHashMap<>();
            sequencer.seen().forEach((author, s) -> seen.put(author, new long[] {s.clientSeq(), s.revision()}));
            List<RoomSnapshot.Commit> recent = new ArrayList<>();
            for (Sequencer.Recent r : sequencer.recent()) {
                Sequencer.Commit c = r.commit();
                recent.add(new RoomSnapshot.Commit(c.revision(), c.author(), c.clientSeq(), c.operation(), r.appliedAt()));
            }
            out.docs.add(new RoomSnapshot.Doc(text.name(), sequencer.revision(), sequencer.text(), seen, recent));
        }
    }

    /** The room's text documents. */
    public static RoomTexts texts(Room room) {
        return room.part(RoomTexts.class, RoomTexts::new);
    }

    private static String clientIdOf(String author) {
        return author.substring(0, author.indexOf('#'));
    }


}
