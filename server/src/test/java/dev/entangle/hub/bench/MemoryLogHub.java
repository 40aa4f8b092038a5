package dev.entangle.hub.bench;

import dev.entangle.hub.EntangleHub;

/**
 * A hub keeping its event log in memory, as its own process, for the hub-core benchmark's
 * baseline of the durable log: {@code Main} has no flag for it yet (the core redesign adds
 * {@code --event-log memory}; then the benchmark runs the jar with that flag instead, see
 * {@code --memory-hub-flags}). Everything else is the embeddable hub's defaults.
 *
 * <p>{@code java -cp entangle-hub.jar:test-classes dev.entangle.hub.bench.MemoryLogHub [--port 0] [--messages-per-second 0]}
 */
public final class MemoryLogHub {
    private MemoryLogHub() {
    }

    public static void main(String[] args) {
        int port = 0;
        int messagesPerSecond = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--messages-per-second" -> messagesPerSecond = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i] + " (--port, --messages-per-second)");
            }
        }
        int listen = port;
        int rate = messagesPerSecond;
        EntangleHub hub = EntangleHub.create(config -> {
            config.port = listen;
            config.messagesPerSecond = rate;
            config.dataDirectory = null; // events in memory only
        }).start();
        Runtime.getRuntime().addShutdownHook(new Thread(hub::stop, "memory-hub-shutdown"));
        System.out.println("Memory-log hub listening on http://127.0.0.1:" + hub.port());
        System.out.flush();
    }
}
