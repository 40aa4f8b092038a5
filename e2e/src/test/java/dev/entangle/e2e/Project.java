package dev.entangle.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout's pieces are, seen from the e2e module (Maven runs tests in the module's folder). */
public final class Project {
    private Project() {
    }

    public static Path root() {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("demo-site"))) {
            root = root.getParent();
        }
        if (root == null || !Files.isDirectory(root.resolve("demo-site"))) {
            throw new IllegalStateException("cannot find the checkout's demo-site/ from " + Path.of("").toAbsolutePath());
        }
        return root;
    }

    /** The built client bundle; fails with the command that builds it. */
    public static Path dist() {
        Path dist = root().resolve("client-web/target/dist");
        if (!Files.isRegularFile(dist.resolve("entangle.js")) || !Files.isRegularFile(dist.resolve("entangle.wasm"))) {
            throw new IllegalStateException(dist + " has no built bundle: run `mvn -DskipTests install` first");
        }
        return dist;
    }

    /** Chromium for Playwright: $ENTANGLE_CHROMIUM, else Debian's /usr/bin/chromium. */
    public static Path chromium() {
        String override = System.getenv("ENTANGLE_CHROMIUM");
        Path chromium = Path.of(override != null && !override.isBlank() ? override : "/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("no Chromium at " + chromium
                    + ": install it (apt-get install -y chromium) or set ENTANGLE_CHROMIUM");
        }
        return chromium;
    }
}
