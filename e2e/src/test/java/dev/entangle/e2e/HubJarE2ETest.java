package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.hub.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar entangle-hub.jar --demo} alone, no checkout beside it: the demo pages and both
 * builds of the client come out of the jar, and two windows (one per build) stay in step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubJarE2ETest {
    private BrowserHarness browser;

    @BeforeAll
    void launch() {
        browser = new BrowserHarness();
    }

    @AfterAll
    void quit() {
        browser.close();
    }

    @Test
    void theJarAloneServesTheDemoAndBothBuilds(@TempDir Path work) throws Exception {
        Path jar = Project.root().resolve("server/target/entangle-hub.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn -DskipTests package` first");
        }
        // Started from an empty folder, so nothing of the checkout can be served by accident.
        try (HubProcess hub = HubProcess.startJar(jar, work, "--demo", "--port", "0")) {
            Window js = browser.open(hub.port(), "/?build=js&client=alice&room=jar");
            Window wasm = browser.open(hub.port(), "/index.html?build=wasm&client=bob&room=jar");
            js.waitUntilReady();
            wasm.waitUntilReady();
            assertEquals("WebAssembly", wasm.page.locator("#build").textContent());

            js.input("#volume", "71");
            wasm.waitForValue("#volume", "71");
            wasm.page.locator("#title").fill("from the jar");
            js.waitForValue("#title", "from the jar");
            browser.closeWindows();
        }
    }
}
