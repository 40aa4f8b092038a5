package dev.entangle.hub.feature.values;

import dev.entangle.core.mutation.AttributeFilter;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationSafety;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.HubConfig;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.entangle.Binding;
import dev.entangle.hub.feature.Replies;
import dev.entangle.hub.feature.activity.ActivityHook;
import dev.entangle.hub.feature.ownership.OwnerTable;
import dev.entangle.hub.feature.ownership.OwnershipFeature;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bound values: clients entangle selectors with a target and a mode, send changes of the values
 * they bind, and every member the targets, modes and attribute lists let through gets each change
 * in the binding's one order. A window opened later starts from the latest values.
 */
public final class ValuesFeature implements Feature {
    private static final Logger log = LoggerFactory.getLogger(ValuesFeature.class);

    private final HubConfig config;
    private final Replies replies;
    private final OwnershipFeature ownership;
    private final ActivityHook activity;

    public ValuesFeature(HubConfig config, Replies replies, OwnershipFeature ownership) {
        this(config, replies, ownership, ActivityHook.NONE);
    }

    /** {@code activity} hears of every value changed once it is durable. */
    public ValuesFeature(HubConfig config, Replies replies, OwnershipFeature ownership, ActivityHook activity) {
        this.config = config;
        this.replies = replies;
        this.ownership = ownership;
        this.activity = activity;
    }

    @Override
    public Set<Class<? extends Message>> messages() {
        return Set.of(Message.Entangle.class, Message.Disentangle.class, Message.Mutation.class,
                Message.MutationBatch.class);
    }

    @Override
    public void handle(Connection connection, Room room, Message message) {
        if (message instanceof Message.Entangle entangle) {
            entangle(connection, room, entangle);
        } else if (message instanceof Message.Disentangle disentangle) {
            room.pipeline().submit(replies.step(connection, message.type(), () -> {
                room.entanglements().unbind(connection.clientId(), disentangle.selector());
                replies.send(connection, new Message.Ack(disentangle.seq(), null));
            }));
        } else if (message instanceof Message.Mutation mutation) {
            mutations(connection, room, List.of(mutation.vector()), false);
        } else {
            List<MutationVector> vectors = new ArrayList<>();
            for (Message.Mutation item : ((Message.MutationBatch) message).items()) {
                vectors.add(item.vector());
            }
            mutations(connection, room, vectors, true);
        }
    }

    private void entangle(Connection connection, Room room, Message.Entangle entangle) {
        String problem = Identifiers.problemWithSelector(entangle.selector());
        Target parsed = null;
        if (problem == null) {
            try {
                parsed = Target.parse(entangle.to());
            } catch (IllegalArgumentException e) {
                problem = "to " + e.getMessage();
            }
        } else {
            problem = "selector " + problem;
        }
        AttributeFilter filter = new AttributeFilter(entangle.attributes(), entangle.ignoreAttributes());
        if (problem == null) {
            problem = filter.problem();
        }
        if (problem != null) {
            replies.refuse(connection, ErrorCode.INVALID_FIELD, problem, entangle.seq());
            return;
        }
        Target to = parsed;
        if (entangle.mode() == Mode.MESH && !to.includes(connection.clientId(), connection.teams())) {
            replies.refuse(connection, ErrorCode.NOT_MEMBER, connection.clientId() + " is not a member of the mesh '"
                    + to.wire() + "' it binds", entangle.seq());
            return;
        }
        // A step: it reads the latest values, which must be durable ones.
        room.pipeline().submit(replies.step(connection, entangle.type(), () -> bind(connection, room, entangle, to, filter)));
    }

    private void bind(Connection connection, Room room, Message.Entangle entangle, Target to, AttributeFilter filter) {
        if (room.entanglements().binding(connection.clientId(), entangle.selector()) == null
                && room.entanglements().countOf(connection.clientId()) >= config.maxBindingsPerClient) {
            replies.refuse(connection, ErrorCode.LIMIT_REACHED, "a client may hold at most " + config.maxBindingsPerClient
                    + " bindings", entangle.seq());
            return;
        }
        // The first client that may write and binds an owned selector holds its token.
        OwnerTable owners = OwnershipFeature.owners(room);
        boolean claims = entangle.owned() && !owners.isOwned(entangle.selector()) && !connection.readOnly();
        if (claims && !room.pipeline().appendNow(List.of(new Event.OwnershipChanged(room.name(), entangle.selector(),
                connection.clientId())))) {
            replies.storageFailed(connection, entangle.seq());
            return;
        }
        Binding binding = new Binding(connection.clientId(), connection.id(), entangle.selector(), to,
                entangle.mode(), filter, entangle.persistent());
        room.entanglements().bind(binding);
        if (entangle.mode().acceptsRemote()) {
            for (ValueTable.LatestValue value : values(room).latestFor(room, binding)) {
                replies.sendAtOnce(connection, new Message.Mutation(value.vector(), value.serverSeq()));
            }
        }
        if (claims) {
            ownership.moved(room, entangle.selector(), connection.clientId(), null); // to every bound client
        } else if (owners.isOwned(entangle.selector())) {
            replies.send(connection, new Message.Ownership(entangle.selector(), owners.ownerOf(entangle.selector()), null));
        }
        replies.send(connection, new Message.Ack(entangle.seq(), null));
    }

    /** A change accepted in a frame: its vector, its place in the binding's order, and the sender's binding. */
    private record Accepted(MutationVector vector, long serverSeq, Binding binding) {
    }

    /**
     * Changes from one frame ({@code mutation}, or {@code mutations} when {@code batched}): each is
     * checked and refused on its own; the accepted ones are staged together, and acknowledged (one
     * {@code acks} frame for a batch) and relayed once durable.
     */
    private void mutations(Connection connection, Room room, List<MutationVector> vectors, boolean batched) {
        List<MutationVector> candidates = new ArrayList<>();
        for (MutationVector vector : vectors) {
            if (!vector.source().equals(connection.clientId())) {
                replies.refuse(connection, ErrorCode.IDENTITY_MISMATCH, "connection of " + connection.clientId()
                        + " cannot send a change as " + vector.source(), vector.seq());
                continue;
            }
            String unsafe = MutationSafety.problemWith(vector);
            if (unsafe != null) {
                // Counted in /stats and /metrics; at debug only, so a hostile client cannot flood the log.
                log.debug("refused unsafe change from {}: {}", connection.clientId(), unsafe);
                replies.refuse(connection, ErrorCode.UNSAFE_MUTATION, unsafe, vector.seq());
                continue;
            }
            if (replies.mayWrite(connection, vector.seq())) {
                candidates.add(vector);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        room.pipeline().submit(replies.change(connection, batched ? "mutations" : "mutation",
                () -> stageMutations(connection, room, candidates, batched)));
    }

    private RoomTask.Staged stageMutations(Connection connection, Room room, List<MutationVector> candidates,
            boolean batched) {
        List<Accepted> accepted = new ArrayList<>();
        for (MutationVector vector : candidates) {
            Binding binding = permitted(connection, room, vector);
            if (binding != null) {
                long serverSeq = values(room).nextSeq(vector.selector());
                values(room).stage(vector.selector(), vector.key(), serverSeq);
                accepted.add(new Accepted(vector, serverSeq, binding));
            }
        }
        if (accepted.isEmpty()) {
            return null;
        }
        List<Event> events = new ArrayList<>();
        for (Accepted a : accepted) {
            events.add(new Event.ValueAccepted(room.name(), a.vector(), a.serverSeq(), a.binding().to()));
        }
        return new RoomTask.Staged() {
            @Override
            public List<Event> events() {
                return events;
            }

            @Override
            public void committed() {
                List<Message.Ack> acks = new ArrayList<>();
                for (Accepted a : accepted) {
                    values(room).accept(a.vector(), a.serverSeq(), a.binding().to());
                    acks.add(new Message.Ack(a.vector().seq(), a.serverSeq()));
                }
                // The answer travels with the values: the sender gets it among the relays, in the room's order.
                Message answer = batched ? new Message.Acks(acks) : acks.get(0);
                List<Publication.Value> values = new ArrayList<>();
                for (int i = 0; i < accepted.size(); i++) {
                    Accepted a = accepted.get(i);
                    values.add(new Publication.Value(connection.clientId(), a.vector(), a.serverSeq(), a.binding().to(),
                            i == accepted.size() - 1 ? answer : null));
                }
                room.pipeline().publish(new Publication.Values(room.name(), values));
                for (Accepted a : accepted) {
                    activity.edited(room, connection.clientId(), "selector", a.vector().selector());
                }
            }

            @Override
            public void undo() {
                room.dropStaged();
            }

            @Override
            public void failed() {
                undo();
                for (Accepted a : accepted) {
                    replies.storageFailed(connection, a.vector().seq());
                }
            }
        };
    }

    /**
     * The sender's binding when {@code vector} may change the room (bound, within its lists, owned
     * by the sender if owned at all, within the room's value limit, counting what is staged);
     * otherwise refuses it and returns null.
     */
    private Binding permitted(Connection connection, Room room, MutationVector vector) {
        Binding binding = room.entanglements().binding(connection.clientId(), vector.selector());
        if (binding == null) {
            replies.refuse(connection, ErrorCode.NOT_ENTANGLED,
                    connection.clientId() + " has not entangled '" + vector.selector() + "'", vector.seq());
            return null;
        }
        if (!binding.filter().permits(vector)) {
            replies.refuse(connection, ErrorCode.ATTRIBUTE_NOT_ALLOWED, "'" + vector.name()
                    + "' is outside the attribute lists of the binding '" + vector.selector() + "'", vector.seq());
            return null;
        }
        OwnerTable owners = OwnershipFeature.owners(room);
        String holder = owners.ownerForChecks(vector.selector());
        if (owners.isOwned(vector.selector()) && !connection.clientId().equals(holder)) {
            replies.refuse(connection, ErrorCode.NOT_OWNER, "'" + vector.selector() + "' is owned"
                    + (holder == null ? " and nobody holds it: request it first" : " by " + holder), vector.seq());
            return null;
        }
        if (!values(room).holds(vector.key()) && values(room).count() >= config.maxValuesPerRoom) {
            replies.refuse(connection, ErrorCode.LIMIT_REACHED, "a room keeps at most " + config.maxValuesPerRoom
                    + " bound values", vector.seq());
            return null;
        }
        return binding;
    }

    @Override
    public boolean replay(Room room, Event event) {
        if (event instanceof Event.ValueAccepted v) {
            values(room).accept(v.vector(), v.serverSeq(), v.audience());
            return true;
        }
        return false;
    }

    /** Another hub accepted a value: the members here hear it as from its sender (who has its ack from that hub). */
    @Override
    public boolean follow(Room room, Event event) {
        if (!replay(room, event)) {
            return false;
        }
        Event.ValueAccepted v = (Event.ValueAccepted) event;
        room.pipeline().publish(new Publication.Values(room.name(), List.of(new Publication.Value(v.vector().source(),
                v.vector(), v.serverSeq(), v.audience(), null))));
        return true;
    }

    @Override
    public void restore(Room room, RoomSnapshot snapshot) {
        for (RoomSnapshot.Value v : snapshot.values()) {
            values(room).accept(v.vector(), v.serverSeq(), v.audience());
        }
    }

    @Override
    public void snapshot(Room room, SnapshotParts out) {
        ValueTable table = room.existingPart(ValueTable.class);
        if (table != null) {
            for (ValueTable.LatestValue v : table.all()) {
                out.values.add(new RoomSnapshot.Value(v.vector(), v.serverSeq(), v.audience()));
            }
        }
    }

    /** The room's bound values. */
    public static ValueTable values(Room room) {
        return room.part(ValueTable.class, ValueTable::new);
    }

    /**
     * Sends each member here the accepted changes it may see, and each sender here its answer, in
     * the room's order: the relays between two answers of a member go as one frame — a
     * {@code mutation}, or a {@code mutations} frame when there are several (a batch, or a busy
     * round of several senders' changes). Each change is encoded once, and members that get the same
     * changes get the same frame.
     */
    @Override
    public boolean deliver(Room room, Publication publication) {
        if (!(publication instanceof Publication.Values p)) {
            return false;
        }
        List<Publication.Value> values = p.values();
        Map<String, List<String>> teams = new HashMap<>();
        // Per member, in order: the index of each value relayed to it, and ANSWERED - index for an answer it is sent.
        Map<Connection, List<Integer>> plans = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            Publication.Value value = values.get(i);
            List<String> senderTeams = teams.computeIfAbsent(value.origin(), room::teamsOf);
            for (Binding peer : room.entanglements().bindingsOf(value.vector().selector())) {
                Connection target = room.member(peer.clientId());
                if (target != null && !target.clientId().equals(value.origin())
                        && reaches(value.audience(), value.origin(), senderTeams, peer, target, value.vector())) {
                    plans.computeIfAbsent(target, t -> new ArrayList<>()).add(i);
                }
            }
            Connection sender = value.answer() == null ? null : room.member(value.origin());
            if (sender != null) {
                plans.computeIfAbsent(sender, t -> new ArrayList<>()).add(ANSWERED - i);
            }
        }
        String[] items = new String[values.size()];
        Map<List<Integer>, String> frames = new HashMap<>();
        plans.forEach((member, plan) -> {
            int from = 0;
            for (int k = 0; k <= plan.size(); k++) {
                if (k < plan.size() && plan.get(k) >= 0) {
                    continue;
                }
                if (k > from) {
                    member.send(frames.computeIfAbsent(List.copyOf(plan.subList(from, k)),
                            relayed -> frame(values, relayed, items)));
                }
                if (k < plan.size()) {
                    member.send(MessageCodec.encode(values.get(ANSWERED - plan.get(k)).answer()));
                }
                from = k + 1;
            }
        });
        return true;
    }

    /** In a delivery plan, {@code ANSWERED - i} stands for the answer of value {@code i}, apart from the values' indexes. */
    private static final int ANSWERED = -1;

    /** The frame of {@code values} at {@code indexes}: each item encoded at most once per publication ({@code items}). */
    private static String frame(List<Publication.Value> values, List<Integer> indexes, String[] items) {
        if (indexes.size() == 1) {
            Publication.Value value = values.get(indexes.get(0));
            return MessageCodec.encode(new Message.Mutation(value.vector(), value.serverSeq()));
        }
        List<String> encoded = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            if (items[i] == null) {
                Publication.Value value = values.get(i);
                items[i] = MessageCodec.encodeMutationItem(new Message.Mutation(value.vector(), value.serverSeq()));
            }
            encoded.add(items[i]);
        }
        return MessageCodec.mutationsFrame(encoded);
    }

    /**
     * Whether a change sent to {@code audience} by {@code sender} goes to {@code peer}: the sender's
     * target includes the other client (resolved now, with its teams), the peer takes changes in,
     * its target includes the sender, and its attribute lists let this one through.
     */
    private static boolean reaches(Target audience, String sender, List<String> senderTeams, Binding peer,
            Connection receiver, MutationVector vector) {
        return peer.mode().acceptsRemote()
                && audience.includes(receiver.clientId(), receiver.teams())
                && peer.to().includes(sender, senderTeams)
                && peer.filter().permits(vector);
    }


}
