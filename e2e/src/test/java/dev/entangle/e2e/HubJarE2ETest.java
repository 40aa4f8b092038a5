package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.hub.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * A page served elsewhere (here {@code localhost}, while the hub is {@code 127.0.0.1}: another
     * origin) loads the client from the jar, as README's first example does. A classic script needs
     * no permission, but the Wasm module and the devtools panel are fetched with CORS.
     */
    @Test
    void aPageOfAnotherOriginLoadsBothBuildsAndThePanelFromTheJar(@TempDir Path work) throws Exception {
        Path jar = Project.root().resolve("server/target/entangle-hub.jar");
        try (HubProcess hub = HubProcess.startJar(jar, work, "--port", "0")) {
            String from = "http://127.0.0.1:" + hub.port();
            Window js = foreignPage(hub.port(), from + "/entangle.js");
            Window wasm = foreignPage(hub.port(), from + "/entangle-wasm.js");
            for (Window window : List.of(js, wasm)) {
                assertEquals(List.of("http://localhost:" + hub.port(), "connected", true), window.page.evaluate("""
                        async (url) => {
                          await Entangle.ready;
                          window.client = await Entangle.connect({ url, clientId: 'c' + Math.random(), room: 'cross' });
                          await window.client.entangle(document.getElementById('title'), { to: '*' });
                          await Entangle.devtools().ready;
                          return [location.origin, window.client.status,
                              document.querySelector('entangle-devtools') !== null];
                        }""", "ws://127.0.0.1:" + hub.port() + "/entangle"));
            }
            js.input("#title", "from another origin");
            wasm.waitForValue("#title", "from another origin");
            browser.closeWindows();
        }
    }

    private Window foreignPage(int hubPort, String script) {
        Window window = browser.blank();
        window.page.navigate("http://localhost:" + hubPort + "/no-page-here"); // only for its origin
        window.page.setContent("<input id=\"title\"><script src=\"" + script + "\"></script>");
        return window;
    }
}
