package dev.entangle.hub;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code java -jar entangle-hub.jar [--host H] [--port P] [--static DIR]... [--data-dir DIR]}: flags onto {@link HubConfig}. */
public final class Main {
    private static final String USAGE = """
            usage: java -jar entangle-hub.jar [options]
              --host HOST            address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
              --port PORT            port to listen on (default 7070; 0 for any free port)
              --static DIR           serve DIR's files at / (repeatable: the demo site, the client bundle)
              --heartbeat-ms MS      client heartbeat interval (default 15000)
              --max-frame-bytes N    largest frame accepted (default 65536)
              --data-dir DIR         where the event log (entangle.db) lives (default entangle-data)
              --help                 show this text
            """;

    private Main() {
    }

    public static void main(String[] args) {
        EntangleHub hub;
        try {
            hub = EntangleHub.create(config -> parse(args, config));
        } catch (IllegalArgumentException e) {
            System.err.println("entangle-hub: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        hub.start();
        Runtime.getRuntime().addShutdownHook(new Thread(hub::stop, "entangle-shutdown"));
    }

    static void parse(String[] args, HubConfig config) {
        config.dataDirectory = Path.of("entangle-data");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
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
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got '" + value + "'");
        }
    }
}
