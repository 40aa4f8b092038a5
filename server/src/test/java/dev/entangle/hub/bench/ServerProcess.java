package dev.entangle.hub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hub or relay the benchmark measures, as its own process: started from a command line, ready
 * once it prints {@code listening on http://host:PORT}, asked for its heap through {@code jcmd}.
 */
final class ServerProcess implements AutoCloseable {
    // JSON logs escape the slashes: "http:\/\/127.0.0.1:7070".
    private static final Pattern LISTENING = Pattern.compile("listening on http:[\\\\/]+[^:]+:(\\d+)");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final String name;
    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile int port = -1;

    private ServerProcess(String name, List<String> command) throws IOException {
        this.name = name;
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(this::read, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ServerProcess start(String name, List<String> command) throws IOException, InterruptedException {
        ServerProcess server = new ServerProcess(name, command);
        if (!server.listening.await(60, TimeUnit.SECONDS) || server.port < 0) {
            server.close();
            throw new IllegalStateException(name + " did not start listening; it printed:\n" + server.output()
                    + "\ncommand: " + String.join(" ", command));
        }
        return server;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The heap in use after a full collection, in bytes ({@code jcmd PID GC.run}, then {@code GC.heap_info}). */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info of " + name + " named no heap in use");
        }
        return Long.parseLong(used.group(1)) * 1_024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid()), command).redirectErrorStream(true).start();
        String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid() + " " + command + " failed: " + text);
        }
        return text;
    }

    synchronized String output() {
        return String.join("\n", lastLines);
    }

    /** SIGKILL: gone at once, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (this) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 50) {
                        lastLines.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (port < 0 && m.find()) {
                    port = Integer.parseInt(m.group(1));
                    listening.countDown();
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
        listening.countDown();
    }
}
