package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.hub.HubProcess;
import dev.entangle.hub.PostgresTestSchema;
import dev.entangle.hub.RequiredService;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three hub nodes — processes of their own — on one PostgreSQL event log (a schema per test) and
 * the real Redis, with windows on different nodes: they converge on a slider, a shared text and the
 * todo list as if they shared one hub. Skipped where PostgreSQL or Redis is missing, failing under
 * {@code CI=true}.
 */
class ClusterE2ETest extends BrowserTest {
    static final String REDIS = "redis://127.0.0.1:6379";

    /** Binds the lab page's slider and text in room 'cluster', through the given hub URLs. */
    static final String JOIN = """
            ([id, urls]) => {
              const status = document.createElement('span');
              status.id = 'status';
              status.dataset.status = 'connecting';
              document.body.appendChild(status);
              Entangle.connect({ clientId: id, room: 'cluster', url: urls.length === 1 ? urls[0] : urls }).then(async client => {
                window.client = client;
                status.dataset.status = client.status;
                client.on('status', s => { status.dataset.status = s; });
                await client.entangle(document.getElementById('volume'), { to: '*' });
                await client.text(document.getElementById('notes'), { doc: 'notes' });
                document.body.dataset.bound = 'true';
              });
            }""";

    @TempDir
    Path data;

    private final List<HubProcess> nodes = new ArrayList<>();
    private PostgresTestSchema schema;

    @BeforeAll
    static void requireServices() {
        PostgresTestSchema.requireDatabase();
        RequiredService.require("Redis", "127.0.0.1:6379", "start it (redis-server --daemonize yes --port 6379)", () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1_000);
            }
        });
    }

    /** {@code count} nodes on a fresh schema, each serving the test pages. */
    void startNodes(int count) throws Exception {
        schema = PostgresTestSchema.create("entangle_cluster");
        for (int i = 0; i < count; i++) {
            nodes.add(startNode(i, 0));
        }
    }

    /** Node {@code i} on {@code port} (0: any free one; a restarted node takes its old port back). */
    HubProcess startNode(int i, int port) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--heartbeat-ms", "1000", "--event-log", schema.url(),
                "--backplane", REDIS, "--node-id", "node-" + i));
        for (Path directory : BrowserHarness.servedDirectories()) {
            flags.add("--static");
            flags.add(directory.toString());
        }
        return HubProcess.start(Files.createDirectories(data.resolve("node-" + i)), port, flags.toArray(String[]::new));
    }

    String url(int node) {
        return nodes.get(node).url();
    }

    @AfterEach
    void stopNodes() {
        browser.closeWindows();
        for (HubProcess node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                // already gone (killed by the test)
            }
        }
        nodes.clear();
        if (schema != null) {
            schema.close();
        }
    }

    /** A window of the lab page served by {@code servedBy}, joined through {@code urls}. */
    Window join(int servedBy, Build build, String clientId, List<String> urls) {
        Window window = browser.open(nodes.get(servedBy).port(), "/lab.html?build=" + build.param());
        window.waitUntilReady();
        window.page.evaluate(JOIN, List.of(clientId, urls));
        window.waitForStatus("connected");
        window.page.waitForFunction("() => document.body.dataset.bound === 'true'");
        return window;
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void windowsOnThreeNodesConvergeOnASliderATextAndTheTodos(Build build) throws Exception {
        startNodes(3);
        Window alice = join(0, build, "alice", List.of(url(0)));
        Window bob = join(1, build, "bob", List.of(url(1)));
        Window carol = join(2, build, "carol", List.of(url(2)));

        alice.input("#volume", "42");
        bob.waitForValue("#volume", "42");
        carol.waitForValue("#volume", "42");
        carol.input("#volume", "7");
        alice.waitForValue("#volume", "7");
        bob.waitForValue("#volume", "7");

        for (int i = 0; i < 10; i++) {
            alice.page.evaluate(SharedText.TYPE_AT_END, "a" + i + " ");
            bob.page.evaluate(SharedText.TYPE_AT_END, "b" + i + " ");
            carol.page.evaluate(SharedText.TYPE_AT_END, "c" + i + " ");
        }
        String text = SharedText.converged(alice, bob, carol);
        for (String author : List.of("a", "b", "c")) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(author + i);
            }
            assertEquals(expected, SharedText.wordsOf(text, author), author + "'s words, once each, in order: " + text);
        }

        Window dave = todos(0, build, "dave");
        Window erin = todos(1, build, "erin");
        Window frank = todos(2, build, "frank");
        addTodo(dave, "milk");
        addTodo(erin, "bread");
        for (Window window : List.of(dave, erin, frank)) {
            window.page.waitForFunction("() => [...document.querySelectorAll('#todos li .title')].map(i => i.value)"
                    + ".sort().join() === 'bread,milk'");
        }
    }

    private Window todos(int node, Build build, String client) {
        Window window = browser.open(nodes.get(node).port(), "/todo.html?room=todos&client=" + client + "&build="
                + build.param());
        window.waitUntilReady();
        window.waitForStatus("connected");
        return window;
    }

    private static void addTodo(Window window, String title) {
        window.page.fill("#new-title", title);
        window.page.press("#new-title", "Enter");
    }
}
