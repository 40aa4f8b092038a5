package dev.entangle.hub.feature.sync;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.ServerDelta;
import dev.entangle.hub.HubConfig;
import dev.entangle.hub.feature.activity.ActivityHook;
import dev.entangle.hub.HubStats;
import dev.entangle.hub.backplane.Publication;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.room.RoomTask;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.sync.SyncRoom;
import dev.entangle.hub.sync.SyncRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Named operations and the synchronised state, for every transport alike (WebSocket messages,
 * {@code POST /sync/operations}, {@code POST /sync/state}, server-sent events): a push is a change
 * in the room's pipeline — its operations run in order, their changes are durable in the event log
 * before anyone hears of them, then every follower of the room gets one {@code state_changed} per
 * push and the pusher a verdict per operation. Reads see durable state only.
 */
public final class SyncHub {
    /**
     * Where a follower's messages go. {@code trigger} names the client whose push caused a
     * {@code state_changed} (its public id: a connection's client id, or the client id of an
     * operation-sync contract client), null for every other message.
     */
    @FunctionalInterface
    public interface Delivery {
        void send(Message message, String trigger);
    }

    /**
     * Someone following a room's state: a WebSocket connection (its {@code clientId}), a
     * server-sent-events stream or a contract notification socket ({@code clientId} null: they
     * push over HTTP and hear verdicts for {@code replicaId} here). {@code listedAs}: the id under
     * which a follower that is no room member shows in presence ({@code client_connected}), or null.
     */
    public record Follower(String key, String clientId, String replicaId, List<String> types, Delivery out, String listedAs) {
        public Follower(String key, String clientId, String replicaId, List<String> types, Consumer<Message> out) {
            this(key, clientId, replicaId, types, (message, trigger) -> out.accept(message), null);
        }
    }

    private final SyncRules rules;
    private final int history;
    private final HubStats stats;
    private final Clock clock;
    private final ActivityHook activity;
    /** Room name → follower key → follower; each inner map is changed under its room's lock. */
    private final Map<String, Map<String, Follower>> followers = new ConcurrentHashMap<>();

    public SyncHub(HubConfig config, HubStats stats, Clock clock) {
        this(config, stats, clock, ActivityHook.NONE);
    }

    /** {@code activity} hears of every named operation applied, once it is durable. */
    public SyncHub(HubConfig config, HubStats stats, Clock clock, ActivityHook activity) {
        this.activity = activity;
        this.rules = config.syncRules();
        this.history = config.syncHistory;
        this.stats = stats;
        this.clock = clock;
    }

    /** The room's synchronised state as it is now, staged changes included: hold the room's lock (tests, replay). */
    public SyncRoom state(Room room) {
        return room.part(SyncRoom.class, () -> new SyncRoom(room.name(), history));
    }

    /** Replays a logged change (at hub start). */
    public void replay(Room room, Event.OperationApplied change) {
        state(room).replay(change);
    }

    /** A named operation another hub applied to the room: applied here, and the followers here hear what changed. */
    public void follow(Room room, Event.OperationApplied change) {
        long before = state(room).version();
        state(room).replay(change);
        if (state(room).version() > before) {
            room.pipeline().publish(new Publication.StateChanged(room.name(), before, change.author()));
        }
    }

    /**
     * Runs {@code operations} pushed by client {@code author}, in order, and waits for a verdict for
     * each. Changes are logged (one transaction) before followers hear of them; when the log fails
     * they are undone and their verdict is {@code storage_failed} (send again later). For callers
     * outside the room's order (HTTP); never call it from a task of the room's pipeline.
     */
    public List<OperationResult> push(Room room, String author, List<PushedOperation> operations) {
        return push(room, author, author, operations);
    }

    /** The same, naming {@code trigger} (a public client id) as the cause in the followers' {@code state_changed}. */
    public List<OperationResult> push(Room room, String author, String trigger, List<PushedOperation> operations) {
        CompletableFuture<List<OperationResult>> verdicts = new CompletableFuture<>();
        room.pipeline().submit(push(room, author, trigger, operations, verdicts::complete,
                verdicts::completeExceptionally));
        return verdicts.join();
    }

    /** A push as a change of the room's order: {@code verdicts} hears the outcome once it is durable (or refused). */
    public RoomTask.Change push(Room room, String author, String trigger, List<PushedOperation> operations,
            Consumer<List<OperationResult>> verdicts, Consumer<RuntimeException> crashed) {
        return new RoomTask.Change() {
            @Override
            public RoomTask.Staged stage() {
                return stagePush(room, author, trigger, operations, verdicts);
            }

            // A push's followers hear "what changed since the version before it": it cannot share its
            // round with another push, whose staged effects would show in that delta.
            @Override
            public boolean closesRound() {
                return true;
            }

            @Override
            public void crashed(RuntimeException e) {
                crashed.accept(e);
            }
        };
    }

    /** The name of the pushed operation that {@code change} applied. */
    private static String nameOf(List<PushedOperation> operations, Event.OperationApplied change) {
        for (PushedOperation op : operations) {
            if (op.id() == change.clientSeq() && op.clientId().equals(change.replicaId())) {
                return op.name();
            }
        }
        return "?";
    }

    private RoomTask.Staged stagePush(Room room, String author, String trigger, List<PushedOperation> operations,
            Consumer<List<OperationResult>> verdicts) {
        long now = clock.millis();
        SyncRoom sync = state(room);
        long before = sync.version();
        List<OperationResult> results = new ArrayList<>();
        List<SyncRoom.Applied> applied = new ArrayList<>();
        for (PushedOperation op : operations) {
            String problem = Identifiers.problemWithId(op.clientId());
            if (problem != null) {
                results.add(new OperationResult(op.id(), false, "invalid_field", "clientId " + problem, null, now));
                continue;
            }
            SyncRoom.Outcome outcome = sync.run(op, author, rules, now);
            if (outcome instanceof SyncRoom.Applied a) {
                applied.add(a);
            } else if (!outcome.result().success()) {
                stats.refused(ErrorCode.fromWire(outcome.result().code()));
            }
            results.add(outcome.result());
        }
        List<Event> events = new ArrayList<>();
        for (SyncRoom.Applied a : applied) {
            events.add(a.change());
        }
        return new RoomTask.Staged() {
            @Override
            public List<Event> events() {
                return events;
            }

            @Override
            public void committed() {
                if (sync.version() > before) {
                    room.pipeline().publish(new Publication.StateChanged(room.name(), before, trigger));
                }
                verdicts.accept(results);
                for (SyncRoom.Applied a : applied) {
                    activity.operationApplied(room, author, nameOf(operations, a.change()));
                }
            }

            @Override
            public void undo() {
                for (int i = applied.size() - 1; i >= 0; i--) {
                    sync.undo(applied.get(i));
                }
            }

            @Override
            public void failed() {
                undo();
                List<OperationResult> failed = new ArrayList<>();
                for (OperationResult r : results) {
                    if (r.stateVersion() == null) {
                        failed.add(r);
                    } else {
                        stats.refused(ErrorCode.STORAGE_FAILED);
                        failed.add(new OperationResult(r.id(), false, "storage_failed",
                                "the hub could not store this operation; send it again later", null, now));
                    }
                }
                verdicts.accept(failed);
            }
        };
    }

    /**
     * Tells the event streams of the replicas that pushed {@code operations} over HTTP their
     * verdicts too, so a verdict whose HTTP answer was lost still arrives.
     */
    public void confirmToStreams(Room room, List<PushedOperation> operations, List<OperationResult> results) {
        room.pipeline().settled(() -> {
            Map<String, Follower> mine = followers.get(room.name());
            if (mine == null) {
                return;
            }
            for (Follower follower : List.copyOf(mine.values())) {
                if (follower.clientId() != null) {
                    continue; // a WebSocket follower pushes over its socket and hears there
                }
                for (int i = 0; i < operations.size(); i++) {
                    if (operations.get(i).clientId().equals(follower.replicaId())) {
                        follower.out().send(new Message.OperationConfirmed(results.get(i)), null);
                    }
                }
            }
        });
    }

    /** What a client holding {@code from} needs (a delta, or the whole state). */
    public ServerDelta pull(Room room, String replicaId, long from, List<String> types) {
        return room.pipeline().settled(() -> state(room).since(from, replicaId, types, clock.millis()));
    }

    /** Runs {@code read} on the room's synchronised state under the room's lock. */
    public <T> T read(Room room, Function<SyncRoom, T> read) {
        return room.pipeline().settled(() -> read.apply(state(room)));
    }

    /**
     * Starts sending {@code follower} the room's changes, after what it needs to catch up from
     * {@code from} and a {@code client_connected} for each client in the room now. A follower
     * {@code listedAs} someone is announced to the others first.
     */
    public void follow(Room room, Follower follower, long from) {
        room.pipeline().settled(() -> {
            if (follower.listedAs() != null) {
                presence(room, follower.listedAs(), true);
            }
            Map<String, Follower> mine = followers.computeIfAbsent(room.name(), r -> new LinkedHashMap<>());
            mine.put(follower.key(), follower);
            follower.out().send(new Message.StateChanged(
                    state(room).since(from, follower.replicaId(), follower.types(), clock.millis())), null);
            for (Connection member : room.members()) {
                if (!member.clientId().equals(follower.clientId())) {
                    follower.out().send(new Message.ClientPresence(true, member.clientId()), null);
                }
            }
            for (Follower other : List.copyOf(mine.values())) {
                if (other != follower && other.listedAs() != null) {
                    follower.out().send(new Message.ClientPresence(true, other.listedAs()), null);
                }
            }
        });
    }

    public void unfollow(Room room, String key) {
        room.pipeline().settled(() -> {
            Map<String, Follower> mine = followers.get(room.name());
            if (mine != null) {
                Follower gone = mine.remove(key);
                if (mine.isEmpty()) {
                    followers.remove(room.name());
                }
                if (gone != null && gone.listedAs() != null) {
                    presence(room, gone.listedAs(), false);
                }
            }
        });
    }

    /** Tells the room's followers that a client joined or left. Hold the room's lock. */
    public void presence(Room room, String clientId, boolean connected) {
        Map<String, Follower> mine = followers.get(room.name());
        if (mine != null) {
            Message message = new Message.ClientPresence(connected, clientId);
            for (Follower follower : List.copyOf(mine.values())) {
                follower.out().send(message, null);
            }
        }
    }

    /** A follower reading only some entity types names at most this many. */
    public static final int MAX_TYPES = 64;

    /** What is wrong with {@code types} as a follower's filter, or null. */
    public static String typesProblem(List<String> types) {
        if (types.size() > MAX_TYPES) {
            return "at most " + MAX_TYPES + " types, got " + types.size();
        }
        for (String type : types) {
            String problem = Identifiers.problemWithId(type);
            if (problem != null) {
                return "type " + problem;
            }
        }
        return null;
    }

    public int followerCount() {
        int count = 0;
        for (Map<String, Follower> mine : followers.values()) {
            count += mine.size();
        }
        return count;
    }

    /** Tells this node's followers of the room what a push changed since {@code before}. Hold the room's lock. */
    public void changed(Room room, Publication.StateChanged changed) {
        Map<String, Follower> mine = followers.get(room.name());
        if (mine == null) {
            return;
        }
        SyncRoom sync = state(room);
        long now = clock.millis();
        for (Follower follower : List.copyOf(mine.values())) {
            follower.out().send(new Message.StateChanged(sync.since(changed.before(), follower.replicaId(),
                    follower.types(), now)), changed.trigger());
        }
    }
}
