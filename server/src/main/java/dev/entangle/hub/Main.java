package dev.entangle.hub;

import dev.entangle.core.sync.MutatorSet;
import dev.entangle.hub.backplane.RedisBackplane;
import dev.entangle.hub.store.EventLogException;
import dev.entangle.hub.store.MemoryEventLog;
import dev.entangle.hub.store.PostgresEventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * {@code java -jar entangle-hub.jar [--host H] [--port P] [--demo] [--static DIR]... [--data-dir DIR] ...}:
 * flags onto {@link HubConfig}. The jar serves its own client ({@code /entangle.js} and the rest),
 * and registers every {@link MutatorSet} on its class path: the demo site's todos, which the jar
 * carries, and those of any jar a user adds ({@code java -cp entangle-hub.jar:app.jar dev.entangle.hub.Main}).
 */
public final class Main {
    private static final String USAGE = """
            usage: java -jar entangle-hub.jar [options]
              --host HOST            address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
              --port PORT            port to listen on (default 7070; 0 for any free port)
              --demo                 serve the demo site packaged in this jar at /
              --static DIR           serve DIR's files at / (repeatable: your site's own pages; they win
                                     over the packaged client and demo files of the same name)
              --heartbeat-ms MS      client heartbeat interval (default 15000)
              --max-frame-bytes N    largest frame accepted (default 65536)
              --data-dir DIR         where the event log (entangle.db) lives (default entangle-data)
              --event-log LOG        sqlite (the default: entangle.db in --data-dir), sqlite:FILE-DIR,
                                     memory (nothing survives the process: benchmarks, throwaway hubs), or
                                     a PostgreSQL JDBC URL, whole, shared by several hubs:
                                     'jdbc:postgresql://HOST:PORT/DB?user=U&currentSchema=S'
              --backplane redis://HOST:PORT  join the other hub nodes of a shared event log through Redis
                                     (default: none, this hub is the only node)
              --node-id NAME         this node's name in logs, /health and metrics (default: random with
                                     --backplane, else 'single')
              --token-secret-file F  require access tokens signed with F's contents (at least 32 bytes;
                                     or set ENTANGLE_TOKEN_SECRET); without either, tokens are not required
              --messages-per-second N  per-client rate limit, sustained (default 200; 0 turns it off)
              --session-grace-ms N     how long persistent bindings and ownership tokens of a client
                                       that disconnected wait for it (default 30000; 0: not at all)
              --presence-timeout-ms N  how long a client unheard (closed, or silent) stays in the others'
                                       presence lists (default 0: two heartbeat intervals)
              --awareness-interval-ms N  relay presence and pointers to a room of 200 at most every N ms
                                       (smaller rooms in proportion more often), what moved meanwhile
                                       in one frame (default 16; 0: each at once)
              --snapshot-every N     snapshot a room every N events (default 10000)
              --activity-kept N      activity entries each room keeps (default 10000; 0 turns the stream off)
              --text-history N       operations each text document keeps for clients catching up, beyond
                                     those of the session grace period (default 1000)
              --contract-room ROOM     the room of operation-sync contract clients (ModernSyncEngine)
                                       whose requests name none (default 'default')
              --log-json             log one JSON object per line (default: a readable line)
              --help                 show this text
            """;
    static final String TOKEN_SECRET_VARIABLE = "ENTANGLE_TOKEN_SECRET";

    private Main() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--log-json")) {
            System.setProperty("logback.configurationFile", "logback-json.xml"); // before the first logger
        }
        String node = nodeId(args);
        if (node != null) {
            System.setProperty("entangle.node", node); // each log line names the node (logback.xml)
        }
        EntangleHub hub;
        try {
            hub = EntangleHub.create(config -> parse(args, config));
        } catch (IllegalArgumentException e) {
            System.err.println("entangle-hub: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        } catch (EventLogException e) {
            System.err.println("entangle-hub: " + e.getMessage());
            System.exit(1);
            return;
        }
        hub.start();
        Runtime.getRuntime().addShutdownHook(new Thread(hub::stop, "entangle-shutdown"));
    }

    static void parse(String[] args, HubConfig config) {
        config.dataDirectory = Path.of("entangle-data");
        // Every set on the class path, the demo's todos among them: a page served from elsewhere (--static)
        // may use them too, so they do not wait for --demo.
        ServiceLoader.load(MutatorSet.class, Main.class.getClassLoader()).forEach(config::register);
        String secret = System.getenv(TOKEN_SECRET_VARIABLE);
        if (secret != null && !secret.isBlank()) {
            config.tokenSecret = secret.strip().getBytes(StandardCharsets.UTF_8);
        }
        String node = System.getProperty("entangle.node", nodeId(args)); // main chose it before logging started
        config.nodeId = node == null ? "single" : node;
        String backplane = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (flag.equals("--log-json")) {
                continue; // taken in main, before logging starts
            }
            if (flag.equals("--demo")) {
                config.serveDemo = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--host" -> config.host = value;
                case "--port" -> config.port = number(flag, value);
                case "--heartbeat-ms" -> config.heartbeatMillis = number(flag, value);
                case "--max-frame-bytes" -> config.maxFrameBytes = number(flag, value);
                case "--data-dir" -> config.dataDirectory = Path.of(value);
                case "--event-log" -> eventLog(value, config);
                case "--backplane" -> {
                    if (!value.startsWith("redis://")) {
                        throw new IllegalArgumentException("--backplane must be redis://HOST:PORT, got '" + value + "'");
                    }
                    backplane = value;
                }
                case "--node-id" -> config.nodeId = value;
                case "--messages-per-second" -> config.messagesPerSecond = number(flag, value);
                case "--session-grace-ms" -> config.sessionGraceMillis = number(flag, value);
                case "--presence-timeout-ms" -> config.presenceTimeoutMillis = number(flag, value);
                case "--awareness-interval-ms" -> config.awarenessIntervalMillis = number(flag, value);
                case "--snapshot-every" -> config.snapshotEvery = number(flag, value);
                case "--activity-kept" -> config.activityKept = number(flag, value);
                case "--text-history" -> config.textHistory = number(flag, value);
                case "--token-secret-file" -> config.tokenSecret = secretIn(Path.of(value));
                case "--contract-room" -> config.contractRoom = value;
                case "--static" -> {
                    Path directory = Path.of(value);
                    if (!Files.isDirectory(directory)) {
                        throw new IllegalArgumentException("--static " + value + " is not a directory"
                                + (value.contains("target") ? " (build it first: mvn -DskipTests install)" : ""));
                    }
                    config.serve(directory);
                }
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (backplane != null) {
            if (!(config.eventLog instanceof PostgresEventLog)) {
                throw new IllegalArgumentException("--backplane joins nodes that share their event log: give them all"
                        + " the same --event-log jdbc:postgresql:… URL");
            }
            config.backplane = RedisBackplane.connect(backplane, null, config.nodeId); // the shared log's channel
        }
    }

    /** The node's id: --node-id, else a random one when on a backplane, else null (a single hub). */
    static String nodeId(String[] args) {
        List<String> all = List.of(args);
        int at = all.indexOf("--node-id");
        if (at >= 0 && at + 1 < args.length) {
            return args[at + 1];
        }
        return all.contains("--backplane") ? java.util.UUID.randomUUID().toString().substring(0, 8) : null;
    }

    private static void eventLog(String value, HubConfig config) {
        if (value.equals("memory")) {
            config.eventLog = new MemoryEventLog();
        } else if (value.startsWith("sqlite:") && value.length() > "sqlite:".length()) {
            config.eventLog = null;
            config.dataDirectory = Path.of(value.substring("sqlite:".length()));
        } else if (value.startsWith("jdbc:postgresql:")) {
            config.eventLog = PostgresEventLog.open(value); // the whole URL: user, schema and the rest are its parameters
        } else if (!value.equals("sqlite")) {
            throw new IllegalArgumentException("--event-log must be sqlite, sqlite:DIR, memory or a"
                    + " jdbc:postgresql: URL, got '" + value + "'");
        }
    }

    private static byte[] secretIn(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-secret-file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got '" + value + "'");
        }
    }
}
