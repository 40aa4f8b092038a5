package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.EntangleHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The example Vite + React + TypeScript app (e2e/react-app, built by this module's build on the
 * packed tarballs) in two windows under StrictMode, on the JS and the Wasm build, served below
 * /app/ with one window deeper still, at /app/settings/profile/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactAppE2ETest {
    private BrowserHarness browser;
    private EntangleHub hub;

    /** Live WebSockets of one window: opened minus closed. */
    private static final class Sockets {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        Sockets(Page page) {
            page.onWebSocket(socket -> {
                opened.incrementAndGet();
                socket.onClose(s -> closed.incrementAndGet());
            });
        }

        int live() {
            return opened.get() - closed.get();
        }
    }

    @BeforeAll
    void launch() {
        browser = new BrowserHarness();
    }

    @AfterAll
    void quit() {
        browser.close();
    }

    @BeforeEach
    void startHub() {
        Path app = Project.root().resolve("e2e/target/react-app");
        if (!Files.isRegularFile(app.resolve("app/index.html"))) {
            throw new IllegalStateException(app + " has no built app: run `mvn -pl e2e -am verify` (it builds e2e/react-app)");
        }
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.heartbeatMillis = 1_000;
            config.register(new TodoMutators());
            config.serve(app);
        }).start();
    }

    @AfterEach
    void stopHub() {
        browser.closeWindows();
        hub.stop();
    }

    private Window open(String path, Sockets[] sockets, int index, List<String> files) {
        Window window = browser.blank(); // listeners first: the app connects as soon as it runs
        sockets[index] = new Sockets(window.page);
        window.page.onResponse(response -> {
            if (response.url().endsWith(".wasm") || response.url().contains("devtools")) {
                files.add(response.status() + " " + response.headerValue("content-type") + " "
                        + response.url().replaceFirst("^http://127\\.0\\.0\\.1:\\d+", ""));
            }
        });
        window.page.navigate("http://127.0.0.1:" + hub.port() + path);
        window.page.locator("#status[data-status='connected']").waitFor();
        return window;
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void twoWindowsOfTheAppStayInStepThroughHooks(Build build) {
        Sockets[] sockets = new Sockets[2];
        List<String> files = new CopyOnWriteArrayList<>();
        String query = "?build=" + build.param() + "&room=react-" + build.param();
        Window alice = open("/app/settings/profile/" + query + "&client=alice", sockets, 0, files);
        Window bob = open("/app/" + query + "&client=bob", sockets, 1, files);
        if (build == Build.WASM) {
            assertEquals(2, files.size(), files.toString()); // and no devtools file yet
            for (String response : files) {
                assertTrue(response.matches("200 application/wasm /app/assets/entangle-[^/]+\\.wasm"), response);
            }
        } else {
            assertEquals(List.of(), files, "the JS build loads no Wasm");
        }

        // A controlled input: the person's key press goes out, and the other window's React state follows.
        alice.page.locator("#volume").focus();
        alice.page.keyboard().press("ArrowRight");
        bob.waitForValue("#volume", "51");
        bob.page.locator("#volume-state:text-is('51')").waitFor();
        alice.page.locator("#volume-state:text-is('51')").waitFor();
        // A value set from code (setValue) is sent too.
        bob.page.locator("#max").click();
        alice.waitForValue("#volume", "100");
        alice.page.locator("#volume-state:text-is('100')").waitFor();

        // A collection: an optimistic named operation, confirmed by the hub, listed in both windows.
        alice.page.locator("#new-todo").fill("milk");
        alice.page.locator("#add").click();
        bob.page.locator("#todos li:text-is('milk')").waitFor();
        bob.page.locator("#new-todo").fill("eggs");
        bob.page.locator("#add").click();
        alice.page.locator("#todos li:nth-child(2):text-is('eggs')").waitFor();

        // Shared text.
        alice.page.locator("#notes[data-bound='true']").waitFor();
        bob.page.locator("#notes[data-bound='true']").waitFor();
        alice.page.locator("#notes").pressSequentially("hello");
        bob.waitForValue("#notes", "hello");

        // StrictMode mounted everything twice: one client and one sync client per window remain,
        // and they stay (no ping-pong between the two mounts' connections).
        alice.page.waitForTimeout(1_500);
        assertEquals(2, sockets[0].live(), "alice: one client, one sync client");
        assertEquals(2, sockets[1].live(), "bob: one client, one sync client");
        int openedBefore = sockets[0].opened.get();
        alice.page.waitForTimeout(1_500);
        assertEquals(openedBefore, sockets[0].opened.get(), "nothing reconnects");
        assertEquals(0, alice.page.locator("#error").count() + bob.page.locator("#error").count());

        // The devtools panel: its file, emitted by Vite beside the client's, loads only now.
        assertEquals(List.of(), files.stream().filter(r -> r.contains("devtools")).toList());
        alice.page.locator("#devtools").click();
        alice.page.locator("#devtools[data-panel='open']").waitFor();
        List<String> panel = files.stream().filter(r -> r.contains("devtools")).toList();
        assertEquals(1, panel.size(), panel.toString());
        assertTrue(panel.get(0).matches("200 text/javascript.* /app/assets/entangle-devtools-[^/]+\\.mjs"), panel.get(0));
        alice.page.waitForFunction("() => { const host = document.querySelector('entangle-devtools');"
                + " return host && host.shadowRoot.textContent.includes('alice'); }");

        // Unmounting the provider leaves nothing connected, bound or retrying.
        alice.page.locator("#leave").click();
        alice.page.waitForCondition(() -> sockets[0].live() == 0);
        int opened = sockets[0].opened.get();
        bob.page.locator("#new-todo").fill("after alice left");
        bob.page.locator("#add").click();
        alice.page.waitForTimeout(2_000);
        assertEquals(opened, sockets[0].opened.get(), "no retry after unmount");
    }
}
