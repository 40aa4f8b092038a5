package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A page given several hub URLs (the nodes of a cluster) whose first node is down: the client
 * moves on to the next URL by itself, joins there, and its slider is in step with a second window.
 */
class HubFailoverE2ETest extends BrowserTest {

    /**
     * Connects with {@code urls} and binds the slider; resolves with the hub in use. With
     * {@code pinned}, Math.random returns 0 while connecting, so the rotation starts at the first
     * URL (it otherwise draws one at random, to spread a fleet of pages over the nodes).
     */
    private static final String JOIN = """
            async ({ id, urls, pinned }) => {
              const random = Math.random;
              if (pinned) Math.random = () => 0;
              try {
                window.client = await Entangle.connect({ clientId: id, room: 'failover', url: urls, debug: true });
              } finally {
                Math.random = random;
              }
              await client.entangle(document.getElementById('volume'), { to: '*' });
              return client.url;
            }""";

    /** A port nothing listens on. */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aPageWhoseFirstHubIsDownConnectsThroughTheNextAndKeepsItsSliderInStep(Build build) throws IOException {
        String dead = "ws://127.0.0.1:" + deadPort() + "/entangle";
        String live = "ws://127.0.0.1:" + hub.port() + "/entangle";
        List<String> urls = List.of(dead, live);

        Window alice = browser.open(hub, "/lab.html?build=" + build.param());
        alice.waitUntilReady();
        List<String> console = new CopyOnWriteArrayList<>();
        alice.page.onConsoleMessage(message -> console.add(message.text()));
        Object aliceHub = alice.page.evaluate(JOIN, Map.of("id", "alice", "urls", urls, "pinned", true));
        assertEquals(live, aliceHub, "alice's client reports the hub it is connected to");
        List<String> attempts = console.stream().filter(line -> line.contains(" connecting to "))
                .map(line -> line.substring(line.indexOf(" connecting to ") + " connecting to ".length())).toList();
        assertEquals(List.of(dead, live), attempts, "the dead hub first, then the next one; console: " + console);

        Window bob = browser.open(hub, "/lab.html?build=" + build.param());
        bob.waitUntilReady();
        assertEquals(live, bob.page.evaluate(JOIN, Map.of("id", "bob", "urls", urls, "pinned", false)),
                "from wherever the rotation starts, bob ends on the live hub");

        alice.input("#volume", "420");
        bob.waitForValue("#volume", "420");
        bob.input("#volume", "17");
        alice.waitForValue("#volume", "17");
        assertEquals("17", hub.value("failover", "#volume"));

        // The sync client's WebSocket takes the same way: past the dead hub, without falling back to HTTP.
        Object sync = alice.page.evaluate("""
                async urls => {
                  const random = Math.random;
                  Math.random = () => 0;
                  try {
                    const s = await Entangle.sync({ room: 'failover', clientId: 'alice.sync', url: urls, persist: false });
                    await new Promise(online => {
                      if (s.status === 'online') online(); else s.on('status', status => status === 'online' && online());
                    });
                    const seen = [s.transport, s.url];
                    s.close();
                    return seen;
                  } finally {
                    Math.random = random;
                  }
                }""", urls);
        assertEquals(List.of("websocket", live), sync);
    }
}
