package dev.entangle.hub.bench;

import dev.entangle.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link LoadGenerator} as its own process, as the benchmark programs run it: its RESULT line, parsed. */
final class LoadProcess {
    private LoadProcess() {
    }

    /** Something to do while the load generator holds its connections (it waits for a line on its stdin). */
    interface Checkpoint {
        void run() throws Exception;
    }

    /**
     * Runs {@code java -cp classPath LoadGenerator args...} (killed after {@code timeoutMillis}) and
     * returns its RESULT; {@code whenConnected} runs at its CONNECTED line.
     */
    static Map<String, Object> run(List<String> java, String classPath, List<String> args, long timeoutMillis,
            Checkpoint whenConnected) throws Exception {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-cp", classPath, LoadGenerator.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeoutMillis);
                process.destroyForcibly();
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "load-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Map<String, Object> result = null;
        StringBuilder other = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                OutputStream stdin = process.getOutputStream()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : Json.parseObject(line.substring(7)).asMap().entrySet()) {
                        result.put(String.valueOf(e.getKey()), e.getValue());
                    }
                } else if (line.startsWith("CONNECTED ") && whenConnected != null) {
                    whenConnected.run();
                    stdin.write('\n');
                    stdin.flush();
                } else if (other.length() < 4_000) {
                    other.append(line).append('\n');
                }
            }
        } finally {
            watchdog.interrupt();
            process.waitFor();
        }
        if (result == null) {
            throw new IllegalStateException("the load generator gave no result (exit " + process.exitValue() + "): " + other);
        }
        return result;
    }
}
