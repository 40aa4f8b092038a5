package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.hub.testing.EntangleTestHub;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both test kits together: a page imports {@code @entangle/client/testing} from the staged npm
 * package and runs two clients in itself against a hub started by Java's {@link EntangleTestHub},
 * whose awaits see what the page's clients did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestKitE2ETest {

    @RegisterExtension
    final EntangleTestHub hub = new EntangleTestHub().configure(config -> {
        BrowserHarness.servedDirectories().forEach(config::serve);
        config.serve(Project.root().resolve("client-web/target/npm")); // /package/: the staged @entangle/client
        config.mutator("addTodo", (tx, args) -> {
            Map<?, ?> a = (Map<?, ?>) args;
            Map<String, Object> todo = new LinkedHashMap<>();
            todo.put("title", a.get("title"));
            todo.put("done", false);
            tx.put("todo", (String) a.get("id"), todo);
        });
    });

    private BrowserHarness browser;

    @BeforeAll
    void launchBrowser() {
        browser = new BrowserHarness();
    }

    @AfterAll
    void quitBrowser() {
        browser.close();
    }

    @AfterEach
    void closeWindows() {
        browser.closeWindows();
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void twoClientsInOnePageAgreeThroughTheHub(Build build) {
        Window page = browser.open(hub.port(), "/testing.html?build=" + build.param());
        page.waitUntilReady();
        String room = "kit-" + build.param();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) page.page.evaluate(
                "([url, room]) => runTestKit(url, room)", new Object[] {hub.url(), room});

        assertEquals(room, result.get("room"));
        assertEquals(build.param(), result.get("build"));
        assertEquals("typed in a", result.get("b"), "bob's input shows what alice's input got");
        assertEquals("milk", result.get("title"), "bob's replica has alice's todo");
        assertEquals(List.of("connected", "connected"), result.get("statuses"));
        assertEquals("waitFor timed out after 50 ms: b says never (last value: false)", result.get("timedOut"));

        hub.awaitValue(room, "#title", "typed in a");
        hub.awaitEntities(room, "todo", todos -> todos.containsKey("t1"));
    }
}
