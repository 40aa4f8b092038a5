package dev.entangle.hub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub as its own process ({@link Main}, on this JVM's class path), so a test can kill it the way
 * a crash does — SIGKILL, nothing flushed, no shutdown hook — and start another on the same data.
 */
public final class HubProcess implements AutoCloseable {
    // JSON logs escape the slashes: "http:\/\/127.0.0.1:7070".
    private static final Pattern LISTENING = Pattern.compile("listening on http:[\\\\/]+[^:]+:(\\d+)");

    private final Process process;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final int port;

    private HubProcess(List<String> command, Path workingDirectory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        process = builder.start();
        Thread reader = new Thread(this::drain, "hub-process-output");
        reader.setDaemon(true);
        reader.start();
        port = awaitPort();
    }

    /** Starts a hub on {@code dataDirectory} and a free port (with any further flags) and waits until it listens. */
    public static HubProcess start(Path dataDirectory, String... flags) throws IOException, InterruptedException {
        return start(dataDirectory, 0, flags);
    }

    /** The same on {@code port}: a restarted hub takes its predecessor's port, so clients find it again. */
    public static HubProcess start(Path dataDirectory, int port, String... flags) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--data-dir", dataDirectory.toString()));
        args.addAll(List.of(flags));
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        return new HubProcess(command, null);
    }

    /** {@code java -jar jar flags...} run in {@code workingDirectory}: the runnable jar exactly as a user starts it. */
    public static HubProcess startJar(Path jar, Path workingDirectory, String... flags)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(flags));
        return new HubProcess(command, workingDirectory);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "ws://127.0.0.1:" + port + "/entangle";
    }

    /** SIGKILL: the process ends at once, as in a crash or an out-of-memory kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the hub's shutdown hook runs. */
    public int terminate() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private int awaitPort() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        StringBuilder seen = new StringBuilder();
        while (System.currentTimeMillis() < deadline) {
            String line = output.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            } else if (!process.isAlive()) {
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the hub process did not start listening; it printed:\n" + seen);
    }

    /** The next line the hub prints that {@code wanted} accepts, waiting up to ten seconds. */
    public String awaitLine(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        StringBuilder seen = new StringBuilder();
        while (System.currentTimeMillis() < deadline) {
            String line = output.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                if (wanted.test(line)) {
                    return line;
                }
                seen.append(line).append('\n');
            }
        }
        throw new AssertionError("the hub printed no such line; it printed:\n" + seen);
    }

    private void drain() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            // The process ended.
        }
    }
}
