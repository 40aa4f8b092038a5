package dev.entangle.hub.feature.ownership;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.entangle.Binding;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.room.Feature;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.room.RoomTask;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.room.SnapshotParts;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership tokens of owned bindings: one writer at a time. A client requests the token (granted
 * when free, else its holder is asked), releases it or transfers it; a client that leaves for good
 * gives its tokens up. Every move is durable before it is announced to the selector's bound clients.
 */
public final class OwnershipFeature implements Feature {
    private static final Logger log = LoggerFactory.getLogger(OwnershipFeature.class);

    private final Replies replies;
    private final long graceMillis;

    /** {@code graceMillis}: how long holders of tokens from before a restart may take to come back. */
    public OwnershipFeature(Replies replies, long graceMillis) {
        this.replies = replies;
        this.graceMillis = graceMillis;
    }

    /** The room's ownership tokens. */
    public static OwnerTable owners(Room room) {
        return room.part(OwnerTable.class, OwnerTable::new);
    }

    @Override
    public Set<Class<? extends Message>> messages() {
        return Set.of(Message.Own.class);
    }

    @Override
    public void handle(Connection connection, Room room, Message message) {
        Message.Own own = (Message.Own) message;
        if (!replies.mayWrite(connection, own.seq())) {
            return;
        }
        room.pipeline().submit(replies.change(connection, own.type(), () -> stageOwn(connection, room, own)));
    }

    private RoomTask.Staged stageOwn(Connection connection, Room room, Message.Own own) {
        String me = connection.clientId();
        String selector = own.selector();
        if (room.entanglements().binding(me, selector) == null) {
            replies.refuse(connection, ErrorCode.NOT_ENTANGLED, me + " has not entangled '" + selector + "'", own.seq());
            return null;
        }
        String holder = owners(room).ownerForChecks(selector);
        if (!own.action().equals("request") && !me.equals(holder)) {
            replies.refuse(connection, ErrorCode.NOT_OWNER, me + " does not hold '" + selector + "'", own.seq());
            return null;
        }
        String next;
        switch (own.action()) {
            case "request":
                if (me.equals(holder)) {
                    return replies.acknowledged(connection, own.seq(), null);
                }
                if (holder != null) {
                    Connection owner = room.member(holder);
                    if (owner != null) {
                        replies.send(owner, new Message.OwnershipRequest(selector, me));
                    }
                    replies.refuse(connection, ErrorCode.NOT_OWNER, holder + " holds '" + selector
                            + "'; they were asked to transfer it", own.seq());
                    return null;
                }
                next = me;
                break;
            case "release":
                next = null;
                break;
            default: // transfer
                String to = own.to();
                if (to == null || room.entanglements().binding(to, selector) == null) {
                    replies.refuse(connection, ErrorCode.NOT_ENTANGLED, "cannot transfer '" + selector + "' to "
                            + (to == null ? "nobody" : to + ", who has not entangled it"), own.seq());
                    return null;
                }
                next = to;
                break;
        }
        owners(room).stage(selector, next);
        return new RoomTask.Staged() {
            @Override
            public List<Event> events() {
                return List.of(new Event.OwnershipChanged(room.name(), selector, next));
            }

            @Override
            public void committed() {
                replies.send(connection, new Message.Ack(own.seq(), null));
                moved(room, selector, next, holder);
            }

            @Override
            public void undo() {
                room.dropStaged();
            }

            @Override
            public void failed() {
                undo();
                replies.storageFailed(connection, own.seq());
            }
        };
    }


    /** The token of {@code selector} moved (durably) from {@code previous} to {@code next}: recorded and announced. */
    public void moved(Room room, String selector, String next, String previous) {
        owners(room).set(selector, next);
        room.pipeline().publish(new Publication.Ownership(room.name(), selector, next, previous));
    }

    /** A client that left for good gives up its tokens: logged, then announced (released all the same if the log fails). */
    @Override
    public void left(Room room, String clientId) {
        for (String selector : owners(room).ownedBy(clientId)) {
            room.pipeline().submit(new RoomTask.Change() {
                @Override
                public RoomTask.Staged stage() {
                    if (!clientId.equals(owners(room).ownerForChecks(selector))) {
                        return null; // moved on meanwhile
                    }
                    owners(room).stage(selector, null);
                    return new RoomTask.Staged() {
                        @Override
                        public List<Event> events() {
                            return List.of(new Event.OwnershipChanged(room.name(), selector, null));
                        }

                        @Override
                        public void committed() {
                            moved(room, selector, null, clientId);
                        }

                        @Override
                        public void undo() {
                            room.dropStaged();
                        }

                        @Override
                        public void failed() {
                            // Released in memory all the same: a token must not stay with a client that is gone.
                            log.warn("could not log the release of '{}' in room {}", selector, room.name());
                            undo();
                            moved(room, selector, null, clientId);
                        }
                    };
                }

                @Override
                public void crashed(RuntimeException e) {
                    log.error("failed to release '{}' of {} in room {}", selector, clientId, room.name(), e);
                }
            });
        }
    }

    @Override
    public boolean replay(Room room, Event event) {
        if (event instanceof Event.OwnershipChanged o) {
            owners(room).set(o.selector(), o.owner());
            return true;
        }
        return false;
    }

    /** Another hub moved a token: moved here too, and announced to the members here. */
    @Override
    public boolean follow(Room room, Event event) {
        if (!(event instanceof Event.OwnershipChanged o)) {
            return false;
        }
        moved(room, o.selector(), o.owner(), owners(room).ownerOf(o.selector()));
        return true;
    }

    @Override
    public void restore(Room room, RoomSnapshot snapshot) {
        snapshot.owners().forEach((selector, owner) -> owners(room).set(selector, owner.isEmpty() ? null : owner));
    }

    @Override
    public void snapshot(Room room, SnapshotParts out) {
        OwnerTable table = room.existingPart(OwnerTable.class);
        if (table != null) {
            table.all().forEach((selector, owner) -> out.owners.put(selector, owner == null ? "" : owner));
        }
    }

    /** Holders of tokens from before a restart may come back for a grace period, else their tokens are released. */
    @Override
    public void loaded(Room room) {
        OwnerTable table = room.existingPart(OwnerTable.class);
        if (table != null) {
            room.expectBack(table.holders(), replies.clock().millis() + graceMillis);
        }
    }

    @Override
    public boolean deliver(Room room, Publication publication) {
        if (!(publication instanceof Publication.Ownership o)) {
            return false;
        }
        String frame = MessageCodec.encode(new Message.Ownership(o.selector(), o.owner(), o.previous()));
        for (Binding bound : room.entanglements().bindingsOf(o.selector())) {
            Connection member = room.member(bound.clientId());
            if (member != null) {
                member.send(frame);
            }
        }
        return true;
    }

}
