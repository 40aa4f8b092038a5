package dev.entangle.hub.backplane;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backplane of several hub nodes sharing one event log, over Redis pub/sub (Lettuce).
 *
 * <p>What crosses it is small: "room R moved to position P" after each durable round, and the
 * messages that are never logged (the ephemeral lane, text cursors, presence: who joined or left,
 * each member's presence state and pointer). A node told that a room moved <em>follows</em> it
 * from the event log — reads what it does not have yet, applies it and relays it to its own
 * members — so the log stays the one source of truth and Redis only says
 * when to look. That is why pub/sub is enough, not streams: a lost or late message delays a follow
 * but never loses or reorders anything, since the next move of the room (or the hub's sweep, which
 * compares each room it keeps with the log every second) reads everything it missed, in the log's
 * order. Ephemeral messages lost with Redis are lost, as they may be on the ephemeral lane anyway.
 *
 * <p>Every node says it is alive each second; one not heard for 3.5 s is taken as gone, and the
 * others treat its clients as away for their session grace period (then gone: their ownership
 * tokens are released), unless they come back on another node first.
 *
 * <p>Each node publishes on one channel and ignores its own messages (it delivered them at once).
 * Messages from Redis are handed to the hub on one thread, in the order they came. When Redis is
 * unreachable the node keeps serving its own clients (publishing fails quietly, Lettuce reconnects
 * and subscribes again by itself), and the sweep catches up what was missed meanwhile.
 */
public final class RedisBackplane implements Backplane {
    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);
    /** The channel's prefix: the nodes of one event log publish on {@code entangle:<the log's epoch>}. */
    static final String CHANNEL_PREFIX = "entangle:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile String channel; // null until start: then the log's, unless one was given
    private final String node;
    private final ExecutorService inbound = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "entangle-backplane");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Receiver receiver = publication -> {
    };
    /** When each other node was last heard (any message). */
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    /** Nodes taken as gone: heard again, they were only silent, and their members are asked for again. */
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "entangle-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    /** How often a node says it is alive. */
    static final long HEARTBEAT_MS = 1_000;
    /** A node not heard for this long is gone: its clients are away, then gone after their grace period. */
    static final long GONE_AFTER_MS = 3_500;

    private RedisBackplane(RedisClient client, String channel, String node) {
        this.client = client;
        this.channel = channel;
        this.node = node;
        this.publisher = client.connect();
        this.subscriber = client.connectPubSub();
    }

    /**
     * Connects to Redis at {@code uri} ({@code redis://HOST:PORT}) as a node of a random id,
     * publishing on {@code channel} (null: the channel of the event log it is started with);
     * throws when Redis cannot be reached now.
     */
    public static RedisBackplane connect(String uri, String channel) {
        return connect(uri, channel, UUID.randomUUID().toString().substring(0, 8));
    }

    /** The same as node {@code node} (its id in messages, logs and metrics). */
    public static RedisBackplane connect(String uri, String channel, String node) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try {
            return new RedisBackplane(client, channel, node);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("cannot reach Redis at " + uri + ": " + e.getMessage(), e);
        }
    }

    /** This node's id, as it appears in its messages and logs. */
    public String node() {
        return node;
    }

    @Override
    public void start(Receiver receiver, String logEpoch) {
        this.receiver = receiver;
        if (channel == null) {
            channel = CHANNEL_PREFIX + logEpoch;
        }
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (from.equals(channel)) {
                    try {
                        inbound.execute(() -> received(message));
                    } catch (RejectedExecutionException closing) {
                        // this node is closing: nothing more to deliver
                    }
                }
            }
        });
        subscriber.sync().subscribe(channel);
        heartbeats.scheduleAtFixedRate(this::heartbeat, 0, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        log.info("node {} joined the backplane on Redis channel '{}'", node, channel);
    }

    @Override
    public void publish(Publication publication) {
        receiver.deliver(publication);
        if (!publication.followedFromLog()) {
            send(encode(publication));
        }
    }

    /** Another node spoke: it is alive (and if it had been taken as gone, it was only silent a while). */
    private void seen(String other) {
        lastHeard.put(other, System.currentTimeMillis());
        if (gone.remove(other)) {
            log.info("node {} is heard again", other);
            receiver.nodeBack(other); // on the inbound thread already
        }
    }

    /** Every heartbeat: says this node is alive, and gives up on nodes silent for {@link #GONE_AFTER_MS}. */
    private void heartbeat() {
        send(JsonObject.builder().put("node", node).put("kind", "alive").write());
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Long> other : List.copyOf(lastHeard.entrySet())) {
            if (now - other.getValue() > GONE_AFTER_MS && lastHeard.remove(other.getKey(), other.getValue())) {
                gone.add(other.getKey());
                log.warn("node {} has not been heard for {} ms: its clients are taken as gone", other.getKey(),
                        now - other.getValue());
                try {
                    inbound.execute(() -> receiver.nodeGone(other.getKey()));
                } catch (RejectedExecutionException closing) {
                    return;
                }
            }
        }
    }

    @Override
    public void moved(String room, long lastPosition) {
        send(JsonObject.builder().put("node", node).put("kind", "moved").put("room", room).put("last", lastPosition)
                .put("at", System.currentTimeMillis()).write());
    }

    @Override
    public void askRoster(String room) {
        send(JsonObject.builder().put("node", node).put("kind", "who").put("room", room).write());
    }

    @Override
    public void announce(Publication presence) {
        send(encode(presence));
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean reachable() {
        return publisher.isOpen() && subscriber.isOpen();
    }

    private void send(String message) {
        if (channel == null) {
            return; // not started: nobody to tell yet
        }
        publisher.async().publish(channel, message).exceptionally(failure -> {
            // The log keeps what matters: the other nodes catch up at the next move or sweep.
            log.debug("could not publish on the backplane: {}", failure.getMessage());
            return null;
        });
    }

    private String encode(Publication publication) {
        JsonObject.Builder out = JsonObject.builder().put("node", node).put("room", publication.room());
        if (publication instanceof Publication.Ephemeral e) {
            out.put("kind", "ephemeral").put("origin", e.origin()).put("key", e.key()).put("frame", e.frame());
        } else if (publication instanceof Publication.TextCursor c) {
            out.put("kind", "cursor").put("origin", c.origin()).put("doc", c.doc()).put("revision", c.revision())
                    .put("anchor", c.anchor()).put("head", c.head());
        } else if (publication instanceof Publication.Presence p) {
            out.put("kind", "presence").put("clientId", p.clientId()).put("teams", p.teams()).put("joined", p.joined());
        } else if (publication instanceof Publication.PresenceState p) {
            out.put("kind", "presence-state").put("clientId", p.clientId()).put("state", p.state())
                    .put("lastActive", p.lastActive()).put("cursor", p.cursor()).put("left", p.left() ? true : null);
        } else if (publication instanceof Publication.CursorMoved c) {
            out.put("kind", "presence-cursor").put("clientId", c.clientId()).put("cursor", c.cursor());
        } else {
            throw new IllegalArgumentException("no backplane form for " + publication.getClass().getSimpleName());
        }
        return out.write();
    }

    /** A message of another node's: followed or delivered here. Bad messages are logged and dropped. */
    private void received(String message) {
        try {
            JsonObject in = Json.parseObject(message);
            String from = in.string("node");
            if (from.equals(node)) {
                return;
            }
            seen(from);
            String room = in.optionalString("room");
            switch (in.string("kind")) {
                case "moved" -> receiver.follow(room, in.longValue("last"), System.currentTimeMillis() - in.longValue("at"));
                case "who" -> receiver.roster(room);
                case "alive" -> {
                    // seen() above is all a heartbeat is for
                }
                case "ephemeral" -> receiver.deliver(new Publication.Ephemeral(room, in.optionalString("origin"),
                        in.string("key"), in.string("frame")));
                case "cursor" -> receiver.deliver(new Publication.TextCursor(room, in.string("origin"), in.string("doc"),
                        in.longValue("revision"), (int) in.longValue("anchor"), (int) in.longValue("head")));
                case "presence" -> receiver.deliver(new Publication.Presence(room, in.string("clientId"),
                        strings(in.has("teams") ? in.array("teams") : null), Boolean.TRUE.equals(in.asMap().get("joined")),
                        in.string("node")));
                case "presence-state" -> receiver.deliver(new Publication.PresenceState(room, in.string("clientId"),
                        fields(in.object("state")), in.longValue("lastActive"),
                        in.has("cursor") ? fields(in.object("cursor")) : null,
                        Boolean.TRUE.equals(in.asMap().get("left")), from));
                case "presence-cursor" -> receiver.deliver(new Publication.CursorMoved(room, in.string("clientId"),
                        fields(in.object("cursor")), from));
                default -> log.warn("dropped a backplane message of an unknown kind: {}", in.string("kind"));
            }
        } catch (JsonException | RuntimeException e) {
            log.warn("dropped a backplane message that could not be read: {}", e.getMessage());
        }
    }

    /** An object's fields as a map of its own, in their order. */
    private static Map<String, Object> fields(JsonObject object) {
        Map<String, Object> out = new LinkedHashMap<>();
        object.asMap().forEach((key, value) -> out.put(String.valueOf(key), value));
        return out;
    }

    private static List<String> strings(List<?> items) {
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(String.valueOf(item));
        }
        return out;
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        inbound.shutdown();
        try {
            inbound.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subscriber.close();
        publisher.close();
        client.shutdown();
    }
}
