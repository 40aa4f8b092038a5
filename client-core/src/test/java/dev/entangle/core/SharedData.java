package dev.entangle.core;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The public test data in {@code ../shared/data/} beside the checkout. A user's clone has none:
 * tests that need it are skipped there with this message, but fail under {@code CI=true}.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path file(String relative) {
        Path root = Path.of("").toAbsolutePath();
        Path data = null;
        for (Path dir = root; dir != null && data == null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data");
            if (Files.isDirectory(candidate)) {
                data = candidate;
            }
        }
        Path file = data == null ? null : data.resolve(relative);
        if (file == null || !Files.isRegularFile(file)) {
            String message = "shared test data " + relative + " not found beside the checkout (../shared/data/)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + ": CI must have it");
            }
            Assumptions.abort(message + ": skipped");
        }
        return file;
    }
}
