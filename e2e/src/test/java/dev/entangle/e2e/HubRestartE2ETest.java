package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.hub.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hub goes down while two windows type into a shared text and move a slider — killed with
 * SIGKILL, or stopped gracefully (SIGTERM, as a deploy does: clients told to reconnect, every room
 * snapshotted) — and is started again on the same data directory and port, while the windows keep
 * typing (keystrokes the hub has not acknowledged wait in them). Both windows reconnect by
 * themselves, every word typed before, during and after the outage is in the text exactly once, in
 * each author's order, and a window opened afterwards starts from the same state.
 */
class HubRestartE2ETest extends BrowserTest {
    private static final int WORDS = 40;
    private static final int STOP_AT = 15;
    private static final int RESTART_AT = 25;

    /** Joins without waiting (a page reloaded while offline connects once the hub is reachable). */
    private static final String JOIN = """
            id => {
              const status = document.createElement('span');
              status.id = 'status';
              status.dataset.status = 'connecting';
              document.body.appendChild(status);
              Entangle.connect({ clientId: id, room: 'crash' }).then(async client => {
                window.client = client;
                status.dataset.status = client.status;
                client.on('status', s => { status.dataset.status = s; });
                await client.entangle(document.getElementById('volume'), { to: '*' });
                await client.text(document.getElementById('notes'), { doc: 'notes' });
                document.body.dataset.bound = 'true';
              });
            }""";

    /** How the hub goes down, and the flags it runs with. */
    enum Outage {
        KILLED(true),
        STOPPED(false),
        /** Its room passes the snapshot threshold many times over. */
        STOPPED_PAST_SNAPSHOTS(false, "--snapshot-every", "20"),
        /** It keeps no operations for catching up: windows behind get the whole text and rebase onto it. */
        STOPPED_KEEPING_NO_HISTORY(false, "--snapshot-every", "20", "--text-history", "0", "--session-grace-ms", "0");

        final boolean kill;
        final List<String> flags;

        Outage(boolean kill, String... flags) {
            this.kill = kill;
            this.flags = List.of(flags);
        }
    }

    @TempDir
    Path data;

    private Window join(int port, Build build, String clientId) {
        Window window = browser.open(port, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        window.page.evaluate(JOIN, clientId);
        awaitBound(window);
        return window;
    }

    private static void awaitBound(Window window) {
        window.waitForStatus("connected");
        window.page.waitForFunction("() => document.body.dataset.bound === 'true'");
    }

    private static String[] hubFlags(Outage outage) {
        List<String> flags = new ArrayList<>(List.of("--heartbeat-ms", "1000"));
        flags.addAll(outage.flags);
        for (Path directory : BrowserHarness.servedDirectories()) {
            flags.add("--static");
            flags.add(directory.toString());
        }
        return flags.toArray(String[]::new);
    }

    static Stream<Arguments> outages() {
        return Stream.of(Build.values()).flatMap(build -> Stream.of(Outage.values()).map(o -> Arguments.of(build, o)));
    }

    @ParameterizedTest(name = "{0}, hub {1}")
    @MethodSource("outages")
    void windowsCarryOnThroughAHubRestartAndNothingIsLostOrDuplicated(Build build, Outage outage) throws Exception {
        Path dataDirectory = Files.createDirectories(data.resolve(build.param() + "-" + outage));
        HubProcess first = HubProcess.start(dataDirectory, hubFlags(outage));
        int port = first.port();
        HubProcess second = null;
        try {
            Window alice = join(port, build, "alice");
            Window bob = join(port, build, "bob");
            String lastVolume = null;
            for (int i = 0; i < WORDS; i++) {
                if (i == STOP_AT) {
                    if (outage.kill) {
                        first.kill();
                    } else {
                        first.terminate();
                    }
                    alice.waitForStatus("disconnected");
                    bob.waitForStatus("disconnected");
                }
                if (i == RESTART_AT) {
                    second = HubProcess.start(dataDirectory, port, hubFlags(outage));
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
                assertEquals(SharedText.typed(author, WORDS), SharedText.wordsOf(text, author), author + "'s words, once each, in order");
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

    /**
     * A window reloaded while offline keeps its unacknowledged keystrokes in its outbox; the hub it
     * comes back to has started a new history (its data is gone: another epoch). The window rebases
     * its saved edits onto that hub's text instead of dropping them.
     */
    @ParameterizedTest
    @EnumSource(Build.class)
    void anOutboxMeetingAHubWithANewHistoryRebasesItsTextEditsOntoIt(Build build) throws Exception {
        HubProcess first = HubProcess.start(Files.createDirectories(data.resolve(build.param() + "-lost")),
                hubFlags(Outage.KILLED));
        int port = first.port();
        HubProcess second = null;
        try {
            Window alice = join(port, build, "alice");
            Window bob = join(port, build, "bob");
            OfflineNetwork network = new OfflineNetwork(alice.context);
            alice.page.evaluate(SharedText.TYPE_AT_END, "a0 ");
            bob.page.waitForFunction("() => document.getElementById('notes').value === 'a0 '");

            network.goOffline();
            first.kill(); // and its data is never seen again
            alice.waitForStatus("disconnected");
            for (int i = 1; i <= 5; i++) {
                alice.page.evaluate(SharedText.TYPE_AT_END, "a" + i + " ");
            }
            alice.page.reload(); // still offline: the page from the cache, the edits from the outbox
            alice.waitUntilReady();
            alice.page.evaluate(JOIN, "alice");

            second = HubProcess.start(Files.createDirectories(data.resolve(build.param() + "-new")), port,
                    hubFlags(Outage.KILLED));
            bob.waitForStatus("connected");
            bob.page.evaluate(SharedText.TYPE_AT_END, "b1 ");
            network.goOnline();
            awaitBound(alice);
            alice.page.waitForFunction("() => client.pending === 0");
            String text = SharedText.converged(alice, bob);
            assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), SharedText.wordsOf(text, "a"),
                    "the words typed offline, once each (a0 went with the old hub's data): " + text);
            assertEquals(List.of("b1"), SharedText.wordsOf(text, "b"), text);
        } finally {
            browser.closeWindows();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
