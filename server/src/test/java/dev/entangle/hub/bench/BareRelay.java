package dev.entangle.hub.bench;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The baseline of the hub-core benchmark: a bare WebSocket relay on the same Javalin and Jetty as
 * the hub. Each text frame on {@code /relay/{room}} goes to every other socket of that room, unread:
 * no JSON, no log, no ordering, no checks. Each socket's frames leave in order from a queue bounded
 * like the hub's (a socket more than {@code maxQueued} frames behind is closed with 1008), so both
 * face the same rule for a reader that cannot keep up.
 *
 * <p>{@code java -cp entangle-hub.jar:test-classes dev.entangle.hub.bench.BareRelay [--port 0] [--max-queued 1024]}
 * prints {@code listening on http://127.0.0.1:PORT}.
 */
public final class BareRelay {
    private final Map<String, Set<Outlet>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Outlet> outlets = new ConcurrentHashMap<>();
    private final Javalin app;

    private BareRelay(int maxQueued) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Idle sockets stay open: the relay has no heartbeat, and the idle benchmark holds 10,000 of them.
            config.jetty.modifyWebSocketServletFactory(factory -> factory.setIdleTimeout(Duration.ofMinutes(10)));
            config.routes.ws("/relay/{room}", ws -> {
                ws.onConnect(ctx -> {
                    Outlet outlet = new Outlet(ctx.session, maxQueued);
                    outlets.put(ctx.sessionId(), outlet);
                    rooms.computeIfAbsent(ctx.pathParam("room"), r -> new CopyOnWriteArraySet<>()).add(outlet);
                });
                ws.onMessage(ctx -> {
                    Outlet from = outlets.get(ctx.sessionId());
                    Set<Outlet> room = rooms.get(ctx.pathParam("room"));
                    if (room == null) {
                        return;
                    }
                    String frame = ctx.message();
                    for (Outlet other : room) {
                        if (other != from) {
                            other.send(frame);
                        }
                    }
                });
                ws.onClose(ctx -> left(ctx.sessionId(), ctx.pathParam("room")));
                ws.onError(ctx -> left(ctx.sessionId(), ctx.pathParam("room")));
            });
        });
    }

    /** Starts a relay on 127.0.0.1 ({@code port} 0 for any free one). */
    public static BareRelay start(int port, int maxQueued) {
        BareRelay relay = new BareRelay(maxQueued);
        relay.app.start("127.0.0.1", port);
        return relay;
    }

    public int port() {
        return app.port();
    }

    /** The URL the load generator takes with {@code --relay}; a room is a path below it. */
    public String url() {
        return "ws://127.0.0.1:" + port() + "/relay";
    }

    public void stop() {
        app.stop();
    }

    private void left(String sessionId, String room) {
        Outlet outlet = outlets.remove(sessionId);
        Set<Outlet> members = rooms.get(room);
        if (outlet != null && members != null) {
            members.remove(outlet);
        }
    }

    public static void main(String[] args) {
        int port = 0;
        int maxQueued = 1_024;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--max-queued" -> maxQueued = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i] + " (--port, --max-queued)");
            }
        }
        BareRelay relay = start(port, maxQueued);
        System.out.println("Bare relay listening on http://127.0.0.1:" + relay.port());
        System.out.flush();
    }

    /** One socket's frames, in order, one write at a time (Jetty refuses a second while one is pending). */
    private static final class Outlet {
        private final Session session;
        private final int maxQueued;
        private final Queue<String> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean writing = new AtomicBoolean();

        Outlet(Session session, int maxQueued) {
            this.session = session;
            this.maxQueued = maxQueued;
        }

        void send(String frame) {
            if (!session.isOpen()) {
                return;
            }
            if (queued.incrementAndGet() > maxQueued) {
                queue.clear();
                session.close(1008, "outgoing queue full", Callback.NOOP);
                return;
            }
            queue.add(frame);
            drain();
        }

        private void drain() {
            while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
                String frame = queue.poll();
                if (frame == null) {
                    writing.set(false);
                    continue;
                }
                session.sendText(frame, Callback.from(() -> {
                    queued.decrementAndGet();
                    writing.set(false);
                    drain();
                }, failure -> {
                    queued.decrementAndGet();
                    writing.set(false);
                    queue.clear();
                }));
                return;
            }
        }
    }
}
