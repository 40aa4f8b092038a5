package dev.entangle.hub.bench;

import dev.entangle.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load for the hub-core benchmark, as its own process so it is not the server it measures:
 *
 * <pre>
 * LoadGenerator fanout --url ws://127.0.0.1:7070/entangle [--relay] --clients 20 --senders 10 --rate 1000
 *                      [--warmup-ms 1000] [--measure-ms 5000] [--drain-ms 30000] [--room R] [--rooms K]
 *                      (--url A,B,C: several hub nodes, clients spread over them; with --spread room,
 *                      each room's clients on one node)
 * LoadGenerator acks   --url ws://127.0.0.1:7070/entangle --writers 10 [--warmup-ms 1000] [--measure-ms 4000]
 * LoadGenerator idle   --url ws://127.0.0.1:7070/entangle [--relay] --connections 10000 [--per-room 100]
 *                      [--concurrency 64] [--hold-ms 120000]
 * </pre>
 *
 * With {@code --relay}, {@code --url} is the bare relay's {@code ws://…/relay} (rooms are paths).
 * The result is one line, {@code RESULT {json}}; {@code idle} first prints {@code CONNECTED n ms}
 * and holds the sockets open until a line (or the end) on standard input, or {@code --hold-ms}.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: LoadGenerator fanout|acks|idle --url URL [options]");
        }
        Map<String, String> options = options(args);
        String url = required(options, "url");
        boolean relay = options.containsKey("relay");
        Object result = switch (args[0]) {
            case "fanout" -> FanOutLoad.runRooms(new FanOutLoad.Settings(url, relay,
                    options.getOrDefault("room", "fanout"), number(options, "clients", 20), number(options, "senders", 10),
                    number(options, "rate", 200), number(options, "warmup-ms", 1_000), number(options, "measure-ms", 5_000),
                    number(options, "drain-ms", 30_000)), number(options, "rooms", 1),
                    "room".equals(options.get("spread"))).toMap();
            case "acks" -> AckLoad.run(new AckLoad.Settings(url, options.getOrDefault("room", "acks-"),
                    number(options, "writers", 1), number(options, "warmup-ms", 1_000),
                    number(options, "measure-ms", 4_000))).toMap();
            case "idle" -> IdleLoad.run(new IdleLoad.Settings(url, relay, number(options, "connections", 10_000),
                    number(options, "per-room", 100), number(options, "concurrency", 64)),
                    (connected, millis) -> {
                        System.out.printf("CONNECTED %d %.1f%n", connected, millis);
                        System.out.flush();
                        awaitLine(number(options, "hold-ms", 120_000));
                    }).toMap();
            default -> throw new IllegalArgumentException("unknown workload " + args[0] + " (fanout, acks, idle)");
        };
        System.out.println("RESULT " + Json.write(result));
        System.out.flush();
        System.exit(0);
    }

    /** A figure for the JSON result: JSON has no NaN, so a figure that could not be measured is null. */
    static Object figure(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * Threads that run the sockets' callbacks. Not a small fixed pool: the JDK's WebSocket parks tasks
     * on its executor, and with four threads 5 clients at 200 changes/s already queued for 200 ms.
     */
    static ExecutorService executor() {
        return Executors.newCachedThreadPool(daemon("load"));
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Waits for a line (or the end) on standard input, at most {@code millis}. */
    private static void awaitLine(long millis) throws InterruptedException {
        Thread reader = new Thread(() -> {
            try {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                // The driver went away: stop holding.
            }
        }, "await-stdin");
        reader.setDaemon(true);
        reader.start();
        reader.join(TimeUnit.MILLISECONDS.toMillis(millis));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected a --flag, got " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.equals("relay")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static int number(Map<String, String> options, String name, int otherwise) {
        String value = options.get(name);
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
        }
    }
}
