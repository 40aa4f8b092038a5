package dev.entangle.hub;

import dev.entangle.core.json.JsonObject;
import dev.entangle.core.patch.JsonPatch;
import dev.entangle.hub.doc.TextDocument;
import dev.entangle.hub.feature.text.RoomTexts;
import dev.entangle.hub.feature.values.ValueTable;
import dev.entangle.hub.room.Room;
import dev.entangle.hub.session.Connection;
import dev.entangle.hub.session.WebSocketOutlet;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.MemoryEventLog;
import dev.entangle.hub.store.SqliteEventLog;
import dev.entangle.hub.sync.SyncRoom;
import dev.entangle.hub.transport.BundledFiles;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable hub: {@code EntangleHub.create(config -> config.port = 7070).start()}. One port
 * serves the WebSocket endpoint {@code /entangle}, operation-based sync over HTTP
 * ({@code POST /sync/operations}, {@code POST /sync/state}, server-sent events at
 * {@code GET /sync/events}; the same endpoints speak the operation-sync contract of
 * {@code ModernSyncEngine} clients, whose notifications come over {@code ws /sync/notify}), {@code GET /stats} (JSON), {@code GET /metrics} (Prometheus) and the
 * static folders.
 */
public final class EntangleHub {
    private static final Logger log = LoggerFactory.getLogger(EntangleHub.class);
    /** Frames far past the hub's own limit are cut off by Jetty itself (close 1009) before they are buffered. */
    private static final int TRANSPORT_LIMIT_FACTOR = 4;

    private final HubConfig config;
    private final Hub hub;
    private final HubMetrics metrics;
    private final Javalin app;
    private final SyncEndpoints syncEndpoints;
    /** Ends grace periods of clients that went away (see {@link HubConfig#sessionGraceMillis}). */
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            daemonThreads("entangle-grace"));
    private static final long SWEEP_MILLIS = 250;
    /** Finds members gone past the presence timeout; apart from the sweep, which may wait on the event log. */
    private final ScheduledExecutorService presenceChecker = Executors.newSingleThreadScheduledExecutor(
            daemonThreads("entangle-presence"));
    /**
     * Starts the writes to clients' sockets, so that a room relaying to its members only queues
     * frames (Jetty's writes are non-blocking: a few threads serve every socket).
     */
    private final ExecutorService writers = Executors.newFixedThreadPool(poolSize(),
            daemonThreads("entangle-send-%d"));

    /**
     * Relays presence and pointers every {@link HubConfig#awarenessIntervalMillis} (docs/MULTIPLAYER.md,
     * "Many in a room"); null when that is 0. Threads {@code entangle-relay-N}, one a core: rooms relay
     * in parallel, each one relay at a time.
     */
    private final ScheduledExecutorService relays;

    /** One thread a core, at least two. */
    private static int poolSize() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** Daemon threads (the hub never keeps the JVM alive) named {@code nameFormat}, {@code %d} counting from 1. */
    private static ThreadFactory daemonThreads(String nameFormat) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, String.format(nameFormat, count.incrementAndGet()));
            thread.setDaemon(true);
            return thread;
        };
    }

    private EntangleHub(HubConfig config) {
        this.config = config;
        EventLog events = config.eventLog != null ? config.eventLog
                : config.dataDirectory != null ? SqliteEventLog.open(config.dataDirectory) : new MemoryEventLog();
        long started = System.nanoTime();
        this.relays = config.awarenessIntervalMillis > 0
                ? Executors.newScheduledThreadPool(poolSize(), daemonThreads("entangle-relay-%d")) : null;
        this.hub = new Hub(config, events, Clock.systemUTC(), relays);
        this.metrics = new HubMetrics(hub);
        this.syncEndpoints = new SyncEndpoints(hub, config);
        ContractNotifications notifications = new ContractNotifications(hub, config);
        if (events.size() > 0) {
            log.info("Replayed {} events from the event log in {} ms", events.size(), (System.nanoTime() - started) / 1_000_000);
        }
        this.app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setIdleTimeout(Duration.ofMillis(config.heartbeatMillis * 3));
                factory.setMaxTextMessageSize((long) config.maxFrameBytes * TRANSPORT_LIMIT_FACTOR);
            });
            for (var directory : config.staticDirectories) {
                javalin.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = directory.toAbsolutePath().toString();
                    files.location = Location.EXTERNAL;
                    files.mimeTypes.add("application/wasm", "wasm");
                    files.mimeTypes.add("text/javascript", "mjs");
                    files.headers = Map.of("Cache-Control", "no-cache");
                });
            }
            if (config.serveClient) {
                serveBundled(javalin, BundledFiles.fromClasspath(BundledFiles.CLIENT), "client", true);
            }
            if (config.serveDemo) {
                serveBundled(javalin, BundledFiles.fromClasspath(BundledFiles.DEMO), "demo site", false);
            }
            javalin.routes.ws("/entangle", ws -> {
                ws.onConnect(ctx -> {
                    ctx.session.setIdleTimeout(Duration.ofMillis(config.heartbeatMillis * 3));
                    hub.opened(new Connection(ctx.sessionId(), new WebSocketOutlet(ctx.session,
                            config.maxQueuedFrames, frame -> hub.stats().sent(HubStats.utf8Length(frame)),
                            hub.stats()::ephemeralDropped, writers)));
                });
                ws.onMessage(ctx -> {
                    Connection connection = hub.connections().byConnectionId(ctx.sessionId());
                    if (connection != null) {
                        hub.received(connection, ctx.message());
                    }
                });
                ws.onClose(ctx -> closed(ctx.sessionId()));
                ws.onError(ctx -> closed(ctx.sessionId()));
            });
            javalin.routes.wsBeforeUpgrade("/sync/notify", notifications::beforeUpgrade);
            javalin.routes.ws("/sync/notify", ws -> {
                ws.onConnect(notifications::opened);
                ws.onClose(notifications::closed);
                ws.onError(notifications::closed);
            });
            javalin.routes.exception(HttpRefusal.class, (refusal, ctx) ->
                    ctx.status(refusal.status).contentType("application/json").result(refusal.json()));
            javalin.routes.post("/sync/operations", syncEndpoints::operations);
            javalin.routes.post("/sync/state", syncEndpoints::state);
            javalin.routes.sse("/sync/events", syncEndpoints::events);
            javalin.routes.get("/rooms/{room}/chat/{name}/export", new ChatExport(hub)::export);
            javalin.routes.get("/stats", ctx -> ctx.contentType("application/json").result(statsJson()));
            // For load balancers: alive (it answers), and ready to take clients (its log and backplane answer).
            javalin.routes.get("/health", ctx -> ctx.contentType("application/json").result(JsonObject.builder()
                    .put("status", "up").put("node", config.nodeId).write()));
            javalin.routes.get("/ready", ctx -> {
                List<String> reasons = hub.unready();
                ctx.status(reasons.isEmpty() ? 200 : 503).contentType("application/json").result(JsonObject.builder()
                        .put("ready", reasons.isEmpty()).put("node", config.nodeId).put("reasons", reasons).write());
            });
            javalin.routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
        });
    }

    /**
     * One GET route per packaged file, except where a static folder holds a file of the same name:
     * a site's own files win (Javalin would match the route first). {@code anyOrigin}: pages of
     * other origins may load them (see {@link BundledFiles#serve}).
     */
    private void serveBundled(io.javalin.config.JavalinConfig javalin, BundledFiles files, String what,
            boolean anyOrigin) {
        if (files.isEmpty()) {
            log.warn("No {} is packaged with this hub (run from a build without it?): not serving it", what);
            return;
        }
        for (String name : files.names()) {
            if (config.staticDirectories.stream().anyMatch(directory -> Files.isRegularFile(directory.resolve(name)))) {
                continue;
            }
            BundledFiles.File file = files.file(name);
            List<String> paths = new ArrayList<>(List.of("/" + name));
            if (name.equals("index.html") || name.endsWith("/index.html")) {
                paths.add("/" + name.substring(0, name.length() - "index.html".length()));
            }
            for (String path : paths) {
                javalin.routes.get(path, ctx -> BundledFiles.serve(ctx, file, anyOrigin));
                javalin.routes.head(path, ctx -> BundledFiles.serve(ctx, file, anyOrigin));
            }
        }
    }

    public static EntangleHub create(Consumer<HubConfig> configure) {
        HubConfig config = new HubConfig();
        configure.accept(config);
        config.validate();
        return new EntangleHub(config);
    }

    public EntangleHub start() {
        app.start(config.host, config.port);
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                hub.sweep();
            } catch (RuntimeException e) {
                log.error("ending grace periods failed", e);
            }
        }, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        presenceChecker.scheduleWithFixedDelay(() -> {
            try {
                hub.presenceCheck();
            } catch (RuntimeException e) {
                log.error("checking presence failed", e);
            }
        }, config.presenceCheckMillis(), config.presenceCheckMillis(), TimeUnit.MILLISECONDS);
        log.info("Entangle hub listening on http://{}:{} (WebSocket /entangle)", config.host, app.port());
        return this;
    }

    /**
     * Stops gracefully: tells every client to reconnect (close code 1012), stops serving, snapshots
     * every room so the next start is quick, then closes the event log. Every acknowledged change is
     * already in the log; nothing is left to flush.
     */
    public void stop() {
        sweeper.shutdownNow();
        presenceChecker.shutdownNow();
        hub.shutdown();
        app.stop();
        syncEndpoints.stop();
        writers.shutdown();
        if (relays != null) {
            relays.shutdownNow();
        }
        hub.snapshotAll();
        hub.events().close();
        if (config.backplane != null) {
            config.backplane.close();
        }
        log.info("Entangle hub stopped");
    }

    /** The port the hub listens on (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** Drops a client's connection as a network failure would; the client reconnects by itself. */
    public boolean disconnect(String clientId) {
        return hub.disconnect(clientId, "disconnected by the hub operator");
    }

    /**
     * What the hub holds now for the bound value {@code selector} in {@code room}: the new value of
     * its most recently accepted change (null when the room or the value does not exist). Read-only,
     * for tests and tools (see {@code dev.entangle.hub.testing.EntangleTestHub}).
     */
    public String value(String room, String selector) {
        Room r = hub.existingRoom(room);
        if (r == null) {
            return null;
        }
        synchronized (r) {
            ValueTable values = r.existingPart(ValueTable.class);
            ValueTable.LatestValue latest = values == null ? null : values.newestOf(selector);
            return latest == null ? null : latest.vector().newValue();
        }
    }

    /** The text of document {@code doc} in {@code room} as the hub holds it now, or null when nobody opened it. */
    public String text(String room, String doc) {
        Room r = hub.existingRoom(room);
        if (r == null) {
            return null;
        }
        synchronized (r) {
            RoomTexts texts = r.existingPart(RoomTexts.class);
            TextDocument text = texts == null ? null : texts.existing(doc);
            return text == null ? null : text.sequencer().text();
        }
    }

    /**
     * The entities of {@code type} in {@code room}'s synchronised state (named operations), by id, as
     * a copy; empty when there are none.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> entities(String room, String type) {
        Room r = hub.existingRoom(room);
        if (r == null) {
            return Map.of();
        }
        // Named operations are applied while staged: read once the round in flight is durable or undone.
        return r.pipeline().settled(() -> {
            SyncRoom sync = r.existingPart(SyncRoom.class);
            return sync == null ? Map.<String, Object>of() : (Map<String, Object>) JsonPatch.copy(sync.state().entities(type));
        });
    }

    public HubStats stats() {
        return hub.stats();
    }

    /** The same figures as {@code GET /stats}, as JSON. */
    public String statsJson() {
        return JsonObject.builder()
                .put("connections", (long) hub.connections().size())
                .put("rooms", (long) hub.roomCount())
                .put("entanglements", (long) hub.entanglementCount())
                .put("documents", hub.documents())
                .put("messagesIn", hub.stats().messagesIn())
                .put("messagesOut", hub.stats().messagesOut())
                .put("bytesIn", hub.stats().bytesIn())
                .put("bytesOut", hub.stats().bytesOut())
                .put("rejected", hub.stats().rejectedByCode())
                .put("eventLog", JsonObject.builder()
                        .put("events", hub.events().size())
                        .put("appends", hub.stats().appends())
                        .put("appendMeanMicros", hub.stats().appendMeanMicros())
                        .put("commits", hub.stats().commits())
                        .put("commitMeanEvents", Math.round(hub.stats().commitMeanEvents() * 100) / 100.0)
                        .put("commitMeanMicros", hub.stats().commitMeanMicros())
                        .put("queuedChanges", (long) hub.queuedChanges())
                        .build())
                .put("reconnectResumes", hub.stats().resumes())
                .put("ephemeral", JsonObject.builder()
                        .put("relayed", hub.stats().ephemeralRelayed())
                        .put("dropped", hub.stats().ephemeralDroppedCount())
                        .build())
                .put("syncFollowers", (long) hub.sync().followerCount())
                .write();
    }

    private void closed(String connectionId) {
        Connection connection = hub.connections().byConnectionId(connectionId);
        if (connection != null) {
            hub.closed(connection);
        }
    }
}
