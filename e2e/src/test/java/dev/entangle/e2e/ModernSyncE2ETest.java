package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.EntangleHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operation-sync contract's own client — the seed's {@code ModernSyncEngine}, TypeScript compiled
 * by this module's build — in one window, pointed at the hub with nothing but its base URL and
 * notification URL, and Entangle's todo page (on each build) in another: both see the same todos.
 */
class ModernSyncE2ETest extends BrowserTest {

    /** The test hub, also serving the compiled engine at {@code /modern-sync/}. */
    @Override
    @BeforeEach
    void startHub() {
        Path compiled = Project.root().resolve("e2e/target/ts");
        if (!Files.isRegularFile(compiled.resolve("modern-sync/modern-sync-engine.js"))) {
            throw new IllegalStateException(compiled + " has no compiled ModernSyncEngine: run `mvn -pl e2e"
                    + " generate-test-resources` (npm ci, then tsc)");
        }
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.heartbeatMillis = 1_000;
            config.register(new TodoMutators());
            BrowserHarness.servedDirectories().forEach(config::serve);
            config.serve(compiled);
        }).start();
    }

    /** Entangle's todo page in the room contract clients use when they name none. */
    private Window todoPage(Build build) {
        Window window = browser.open(hub, "/todo.html?room=default&client=alice&build=" + build.param());
        window.waitUntilReady();
        window.waitForStatus("connected");
        return window;
    }

    private Window seedPage(String clientId) {
        Window window = browser.open(hub, "/modern-sync.html?client=" + clientId);
        window.waitUntilReady();
        return window;
    }

    private static void execute(Window seed, String name, Object... args) {
        seed.page.evaluate("([name, args]) => seed.engine.executeOperation(name, args)", new Object[] {name, args});
    }

    private static void waitForTitles(Window todo, List<String> expected) {
        todo.page.waitForFunction("expected => JSON.stringify([...document.querySelectorAll('#todos li .title')]"
                + ".map(i => i.value)) === JSON.stringify(expected)", expected);
    }

    private static void waitForSeedTitles(Window seed, List<String> expected) {
        seed.page.waitForFunction("expected => JSON.stringify(seed.titles()) === JSON.stringify(expected)", expected);
    }

    /** The seed's store: every todo as {id, title, done, order}, by order. */
    private static String seedTodos(Window seed) {
        return (String) seed.page.evaluate("() => JSON.stringify(seed.ordered())");
    }

    private static String pageTodos(Window todo) {
        return (String) todo.page.evaluate("() => JSON.stringify(syncClient.collection('todo').orderBy('order')"
                + ".map(t => ({ id: t.id, title: t.title, done: t.done, order: t.order })))");
    }

    private static int number(Window window, String expression) {
        return ((Number) window.page.evaluate(expression)).intValue();
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aModernSyncEngineAndAnEntanglePageKeepTheSameTodos(Build build) {
        Window todo = todoPage(build);
        Window seed = seedPage("seed-bob");
        todo.page.waitForFunction("() => document.getElementById('clients').textContent.includes('seed-bob')");

        execute(seed, "addTodo", "Buy groceries"); // the seed's own call: the hub names the todo
        assertEquals(1, number(seed, "() => seed.confirmed.length"));
        assertEquals("addTodo", seed.page.evaluate("() => seed.confirmed[0].name"));
        waitForTitles(todo, List.of("Buy groceries"));

        todo.page.fill("#new-title", "bread");
        todo.page.press("#new-title", "Enter");
        waitForSeedTitles(seed, List.of("Buy groceries", "bread"));
        String groceries = (String) seed.page.evaluate("() => seed.ordered()[0].id");
        String bread = (String) seed.page.evaluate("() => seed.ordered()[1].id");

        execute(seed, "completeTodo", bread);
        todo.page.waitForFunction("() => document.querySelector('#todos li:nth-child(2) .toggle').checked");
        execute(seed, "renameTodo", groceries, "oat milk");
        waitForTitles(todo, List.of("oat milk", "bread"));
        execute(seed, "moveTodo", bread, -1);
        waitForTitles(todo, List.of("bread", "oat milk"));

        todo.page.click("#todos li:nth-child(2) .delete"); // oat milk, from the Entangle page
        waitForSeedTitles(seed, List.of("bread"));
        todo.page.waitForFunction("() => syncClient.pending === 0");
        seed.page.waitForFunction("expected => JSON.stringify(seed.ordered()) === expected", pageTodos(todo));
        assertEquals(pageTodos(todo), seedTodos(seed), "both clients hold the same todos, field for field");
        assertEquals(4, number(seed, "() => seed.confirmed.length"));
        assertEquals(0, number(seed, "() => seed.failed.length + seed.errors.length"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void operationsQueuedOfflineAreConfirmedOnceBackOnline(Build build) {
        Window todo = todoPage(build);
        Window seed = seedPage("seed-carol");
        execute(seed, "addTodo", "before", "t-before");
        waitForTitles(todo, List.of("before"));

        seed.context.setOffline(true);
        seed.page.waitForFunction("() => navigator.onLine === false");
        execute(seed, "addTodo", "one", "t-one");
        execute(seed, "addTodo", "two", "t-two");
        execute(seed, "completeTodo", "t-before");
        assertEquals(3, number(seed, "() => seed.engine.getQueuedOperations().length"));
        assertEquals(1, number(seed, "() => seed.confirmed.length"));
        todo.page.waitForTimeout(300);
        waitForTitles(todo, List.of("before")); // nothing left the offline window

        seed.context.setOffline(false); // 'online': the engine sends its queue
        seed.page.waitForFunction("() => seed.confirmed.length === 4");
        assertEquals(List.of("addTodo", "addTodo", "completeTodo"), names(seed, "() => seed.confirmed.slice(1).map(o => o.name)"));
        assertEquals(0, number(seed, "() => seed.engine.getQueuedOperations().length + seed.engine.getPendingOperations().length"));
        waitForTitles(todo, List.of("before", "one", "two"));
        todo.page.waitForFunction("() => document.querySelector('#todos li:nth-child(1) .toggle').checked");

        todo.page.fill("#new-title", "three"); // and its notification socket still hears the room
        todo.page.press("#new-title", "Enter");
        waitForSeedTitles(seed, List.of("before", "one", "two", "three"));
        todo.page.waitForTimeout(300);
        waitForTitles(todo, List.of("before", "one", "two", "three")); // each exactly once
        todo.page.waitForFunction("() => syncClient.pending === 0");
        assertEquals(pageTodos(todo), seedTodos(seed));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aRefusedOperationEmitsOperationFailedWithTheHubsReason(Build build) {
        Window todo = todoPage(build);
        Window seed = seedPage("seed-dave");

        execute(seed, "addTodo", "   ");
        seed.page.waitForFunction("() => seed.failed.length === 1");
        assertEquals("addTodo", seed.page.evaluate("() => seed.failed[0].operation.name"));
        String reason = (String) seed.page.evaluate("() => seed.failed[0].error");
        assertTrue(reason.contains("a todo needs a title"), reason);

        execute(seed, "archiveTodo", "t-1");
        seed.page.waitForFunction("() => seed.failed.length === 2");
        String unknown = (String) seed.page.evaluate("() => seed.failed[1].error");
        assertTrue(unknown.contains("no mutator named 'archiveTodo'"), unknown);

        execute(seed, "addTodo", "milk");
        waitForTitles(todo, List.of("milk"));
        assertEquals(1, number(seed, "() => seed.confirmed.length"));
        waitForSeedTitles(seed, List.of("milk")); // the refused todo never existed anywhere
        assertEquals(0, number(seed, "() => seed.engine.getPendingOperations().length"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Window window, String expression) {
        return new ArrayList<>((List<String>) window.page.evaluate(expression));
    }
}
