package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.hub.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hub is killed with SIGKILL while two windows type into a shared text and move a slider,
 * and started again on the same data directory and port: both windows reconnect by themselves,
 * every word typed before, during and after the outage is in the text exactly once, in each
 * author's order, and a window opened afterwards starts from the same state.
 */
class HubCrashE2ETest extends BrowserTest {
    private static final int WORDS = 40;
    private static final int KILL_AT = 15;
    private static final int RESTART_AT = 25;

    private static final String JOIN = """
            async id => {
              const client = await Entangle.connect({ clientId: id, room: 'crash' });
              window.client = client;
              await client.entangle(document.getElementById('volume'), { to: '*' });
              await client.text(document.getElementById('notes'), { doc: 'notes' });
              const status = document.createElement('span');
              status.id = 'status';
              status.dataset.status = client.status;
              client.on('status', s => { status.dataset.status = s; });
              document.body.appendChild(status);
            }""";

    @TempDir
    Path data;

    private Window join(int port, Build build, String clientId) {
        Window window = browser.open(port, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        window.page.evaluate(JOIN, clientId);
        window.waitForStatus("connected");
        return window;
    }

    private static String[] staticFlags() {
        List<String> flags = new ArrayList<>(List.of("--heartbeat-ms", "1000"));
        for (Path directory : BrowserHarness.servedDirectories()) {
            flags.add("--static");
            flags.add(directory.toString());
        }
        return flags.toArray(String[]::new);
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void windowsCarryOnThroughAHubKillAndNothingIsLostOrDuplicated(Build build) throws Exception {
        Path dataDirectory = Files.createDirectories(data.resolve(build.param()));
        HubProcess first = HubProcess.start(dataDirectory, staticFlags());
        int port = first.port();
        HubProcess second = null;
        try {
            Window alice = join(port, build, "alice");
            Window bob = join(port, build, "bob");
            String lastVolume = null;
            for (int i = 0; i < WORDS; i++) {
                if (i == KILL_AT) {
                    first.kill();
                    alice.waitForStatus("disconnected");
                    bob.waitForStatus("disconnected");
                }
                if (i == RESTART_AT) {
                    second = HubProcess.start(dataDirectory, port, staticFlags());
                }
                alice.page.evaluate(SharedText.TYPE_AT_END, "a" + i + " ");
                bob.page.evaluate(SharedText.TYPE_AT_END, "b" + i + " ");
                Window mover = i % 2 == 0 ? alice : bob;
                lastVolume = String.valueOf(10 * i + 5);
                mover.input("#volume", lastVolume);
                alice.page.waitForTimeout(30);
            }
            alice.waitForStatus("connected");
            bob.waitForStatus("connected");
            String text = SharedText.converged(alice, bob);
            for (String author : List.of("a", "b")) {
                assertEquals(expectedWords(author), SharedText.wordsOf(text, author), author + "'s words, once each, in order");
            }
            // Both windows agree on the slider, and it is the last value set (each change waits for the
            // one before it in real time only while connected, so only agreement is asserted across the outage).
            alice.page.waitForFunction("v => document.getElementById('volume').value === v",
                    bob.value("#volume"));
            assertEquals(bob.value("#volume"), alice.value("#volume"));

            // A window opened now starts from what the restarted hub has: the log, not the windows.
            alice.input("#volume", "999");
            bob.waitForValue("#volume", "999");
            Window carol = join(port, build, "carol");
            carol.waitForValue("#volume", "999");
            carol.page.waitForFunction("t => document.getElementById('notes').value === t", text);
        } finally {
            browser.closeWindows();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static List<String> expectedWords(String author) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < WORDS; i++) {
            words.add(author + i);
        }
        return words;
    }
}
