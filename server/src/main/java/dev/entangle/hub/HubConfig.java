package dev.entangle.hub;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.sync.EntityRule;
import dev.entangle.core.sync.Mutator;
import dev.entangle.core.sync.MutatorSet;
import dev.entangle.core.sync.Mutators;
import dev.entangle.hub.auth.Tokens;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.sync.SyncRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings of one hub, filled in by the lambda given to {@link EntangleHub#create}. */
public final class HubConfig implements MutatorSet.Registry {
    /** Address to bind; the default keeps a development hub off the network. */
    public String host = "127.0.0.1";
    /** Port to listen on; 0 picks a free one ({@link EntangleHub#port()} tells which). */
    public int port = 7070;
    /** Folders served as static files at {@code /}: a site's own pages (their files win over the bundled ones). */
    public final List<Path> staticDirectories = new ArrayList<>();
    /**
     * Serve the client packaged in the hub's jar at {@code /entangle.js}, {@code /entangle.mjs},
     * {@code /entangle-wasm.js}, {@code /entangle.wasm}, {@code /entangle-devtools.mjs} (and its other files), so a page can load it
     * from the hub it talks to.
     */
    public boolean serveClient = true;
    /** Serve the demo site packaged in the hub's jar at {@code /} ({@code --demo}). */
    public boolean serveDemo;
    /** How often clients must ping; a connection silent for three intervals is closed. */
    public long heartbeatMillis = 15_000;
    /** Largest frame the hub reads; a larger one gets a {@code frame_too_large} error. */
    public int maxFrameBytes = 64 * 1024;
    /** Frames queued for one slow client before the hub disconnects it rather than grow its memory. */
    public int maxQueuedFrames = 1_024;
    /**
     * Where the event log lives ({@code entangle.db}, SQLite): every accepted change is written
     * there before it is acknowledged, and a hub started on the same directory carries on where the
     * last one stopped. Null keeps events in memory only (tests, throwaway hubs); the command line
     * defaults to {@code entangle-data}.
     */
    public Path dataDirectory;
    /**
     * A room is snapshotted every this many events: its earlier events leave the log, so restart
     * time stays bounded. The snapshot keeps each document's recent operations ({@link #textHistory}),
     * so it never cuts off a client catching up.
     */
    public int snapshotEvery = 10_000;
    /**
     * Operations each text document keeps (in memory and in its room's snapshot) for clients
     * catching up: at least the last this many, and every one applied within the
     * {@link #sessionGraceMillis session grace period}. A client further behind gets the whole text
     * and rebases its unacknowledged edits onto it.
     */
    public int textHistory = 1_000;
    /** An event log of the application's own (another engine); when set, {@link #dataDirectory} is not used. */
    public EventLog eventLog;
    /**
     * How this hub reaches the other nodes of a cluster sharing {@link #eventLog} (a
     * {@code RedisBackplane}); null: it is the only node (in-process delivery).
     */
    public dev.entangle.hub.backplane.Backplane backplane;
    /** This node's name in logs, {@code /health}, metrics and on the backplane. */
    public String nodeId = "single";
    /**
     * The secret (at least 32 bytes) access tokens are signed with (HS256, see
     * {@link dev.entangle.hub.auth.Tokens}). When set, every hello must carry a token naming the
     * client id and room; null lets any client join any room as anyone (development, the demo).
     */
    public byte[] tokenSecret;
    /** Messages a client may send per second, sustained; 0 turns rate limiting off. */
    public int messagesPerSecond = 200;
    /** Messages a client may send at once above the sustained rate (a paste, a reconnect's resend). */
    public int burstMessages = 1_000;
    /** Ephemeral messages (cursors, typing, presence) a client may send per second; more are dropped. */
    public int ephemeralPerSecond = 60;
    /** Ephemeral messages a client may send at once above that rate. */
    public int ephemeralBurst = 120;
    /** The largest ephemeral message relayed, in bytes as relayed (UTF-8). */
    public int maxEphemeralBytes = 4_096;
    /** Bytes a client may send per second, sustained (UTF-8 frames). */
    public int bytesPerSecond = 1 << 20;
    /** Bytes a client may send at once above the sustained rate. */
    public int burstBytes = 4 << 20;
    /** Bindings one connection may hold. */
    public int maxBindingsPerClient = 1_000;
    /** Text documents one connection may follow. */
    public int maxDocumentsPerClient = 100;
    /** Rooms the hub keeps; joining a new room beyond this is refused. */
    public int maxRooms = 10_000;
    /** Bound values (selector, kind, name) one room keeps. */
    public int maxValuesPerRoom = 10_000;
    /** Text documents one room keeps. */
    public int maxDocumentsPerRoom = 1_000;
    /** Components (retain, insert, delete) in one text operation. */
    public int maxOperationComponents = 1_000;

    /**
     * How long the hub keeps a disconnected client's persistent bindings (and the ownership tokens
     * it holds), so a reload or a move to another page of the site carries on where it was; peers
     * see no leave. 0 drops them at once.
     */
    public long sessionGraceMillis = 30_000;

    /**
     * How long a member may go unheard (its connection closed and not back, or no frame at all, pings
     * included, though the socket looks open) before its peers see it leave the presence list
     * (docs/MULTIPLAYER.md, "No ghosts"); 0: two heartbeat intervals. Separate from, and normally
     * shorter than, {@link #sessionGraceMillis}.
     */
    public long presenceTimeoutMillis;

    /** The presence timeout in effect: {@link #presenceTimeoutMillis}, or two heartbeat intervals. */
    public long presenceTimeout() {
        return presenceTimeoutMillis > 0 ? presenceTimeoutMillis : 2 * heartbeatMillis;
    }

    /**
     * Presence and pointers are relayed to a room of 200 members or more at most once every this
     * many milliseconds, everything that moved meanwhile in one write to each member, latest per
     * sender; a smaller room's relays are closer together in proportion (50 members: a quarter of
     * it). docs/MULTIPLAYER.md, "Many in a room". 0: each relayed at once, on the thread that received it.
     */
    public long awarenessIntervalMillis = 16;

    /** How often the hub looks for members gone past the presence timeout: an eighth of it, from 25 ms to 250 ms. */
    public long presenceCheckMillis() {
        return Math.max(25, Math.min(250, presenceTimeout() / 8));
    }

    /**
     * Named operations the hub runs, by name; {@code entity.upsert} and {@code entity.delete} come
     * built in (registering a refusing mutator under those names turns them off). Register with
     * {@link #mutator}.
     */
    public final Mutators mutators = Mutators.withEntityOperations();
    /** Rules per entity type, checked on every entity an operation writes (see {@link #entityRule}). */
    public final Map<String, EntityRule> entityRules = new LinkedHashMap<>();
    /** Entities one room's synchronised state holds. */
    public int maxEntitiesPerRoom = 10_000;
    /** Named operations in one push (a {@code sync_push} message or a {@code POST /sync/operations}). */
    public int maxOperationsPerPush = 100;
    /** Recent changes of the synchronised state kept per room, so a client catching up gets a delta, not the whole state. */
    public int syncHistory = 1_000;
    /**
     * Entries of its activity stream each room keeps (docs/MULTIPLAYER.md, "Activity"); older ones leave
     * {@code list}. 0 turns the stream off: the hub writes no entries of its own and refuses posts.
     */
    public int activityKept = 10_000;

    /**
     * The room of operation-sync contract requests ({@code ModernSyncEngine} clients, whose
     * requests name none) that give no {@code ?room=} and no {@code X-Entangle-Room} header.
     */
    public String contractRoom = "default";
    /**
     * The names of each mutator's positional arguments, for clients that send {@code args} as an
     * array (the operation-sync contract): {@code ["milk"]} for {@code addTodo(title, id)} reaches
     * the mutator as {@code {title: "milk"}}. Register with {@link #parameters}.
     */
    public final Map<String, List<String>> parameters = new LinkedHashMap<>(Map.of(
            "entity.upsert", List.of("type", "id", "entity"),
            "entity.delete", List.of("type", "id")));

    /** Registers the hub's mutator for operation {@code name} (the authoritative one; clients may run their own first). */
    @Override
    public HubConfig mutator(String name, Mutator mutator) {
        mutators.register(name, mutator);
        return this;
    }

    /** Names operation {@code name}'s positional arguments, in order (see {@link #parameters}). */
    @Override
    public HubConfig parameters(String name, String... names) {
        parameters.put(name, List.of(names));
        return this;
    }

    /** A rule every entity of {@code type} an operation writes must pass, or the operation is refused. */
    @Override
    public HubConfig entityRule(String type, EntityRule rule) {
        entityRules.put(type, rule);
        return this;
    }

    /** Registers a whole set of operations at once: its mutators, their parameters and its entity rules. */
    public HubConfig register(MutatorSet set) {
        set.register(this);
        return this;
    }

    public SyncRules syncRules() {
        return new SyncRules(mutators, Map.copyOf(entityRules), maxEntitiesPerRoom);
    }

    public HubConfig serve(Path directory) {
        staticDirectories.add(directory);
        return this;
    }

    void validate() {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (heartbeatMillis < 100) {
            throw new IllegalArgumentException("heartbeatMillis must be at least 100, got " + heartbeatMillis);
        }
        if (maxFrameBytes < 1_024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, got " + maxFrameBytes);
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be at least 1, got " + snapshotEvery);
        }
        if (textHistory < 0) {
            throw new IllegalArgumentException("textHistory must be at least 0, got " + textHistory);
        }
        if (tokenSecret != null && tokenSecret.length < Tokens.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("tokenSecret must be at least " + Tokens.MIN_SECRET_BYTES
                    + " bytes, got " + tokenSecret.length);
        }
        if (messagesPerSecond < 0 || bytesPerSecond < 0 || burstMessages < 1 || burstBytes < maxFrameBytes) {
            throw new IllegalArgumentException("rates must be at least 0, burstMessages at least 1 and burstBytes at"
                    + " least maxFrameBytes");
        }
        for (int limit : new int[] {maxBindingsPerClient, maxDocumentsPerClient, maxRooms, maxValuesPerRoom,
                maxDocumentsPerRoom, maxOperationComponents, maxEntitiesPerRoom, maxOperationsPerPush, syncHistory}) {
            if (limit < 1) {
                throw new IllegalArgumentException("every max* limit must be at least 1, got " + limit);
            }
        }
        if (activityKept < 0) {
            throw new IllegalArgumentException("activityKept must be at least 0 (0: no activity stream), got "
                    + activityKept);
        }
        String roomProblem = Identifiers.problemWithId(contractRoom);
        if (roomProblem != null) {
            throw new IllegalArgumentException("contractRoom " + roomProblem);
        }
        if (ephemeralPerSecond < 1 || ephemeralBurst < 1 || maxEphemeralBytes < 256) {
            throw new IllegalArgumentException("ephemeralPerSecond and ephemeralBurst must be at least 1 and"
                    + " maxEphemeralBytes at least 256");
        }
        if (sessionGraceMillis < 0) {
            throw new IllegalArgumentException("sessionGraceMillis must be at least 0, got " + sessionGraceMillis);
        }
        if (awarenessIntervalMillis < 0 || awarenessIntervalMillis > 1_000) {
            throw new IllegalArgumentException("awarenessIntervalMillis must be from 0 to 1000, got "
                    + awarenessIntervalMillis);
        }
        if (presenceTimeoutMillis < 0 || (presenceTimeoutMillis > 0 && presenceTimeoutMillis <= heartbeatMillis)) {
            throw new IllegalArgumentException("presenceTimeoutMillis must be 0 (two heartbeats) or longer than"
                    + " heartbeatMillis (" + heartbeatMillis + ": a live client pings that often), got "
                    + presenceTimeoutMillis);
        }
        if (maxQueuedFrames < 16) {
            throw new IllegalArgumentException("maxQueuedFrames must be at least 16, got " + maxQueuedFrames);
        }
    }
}
