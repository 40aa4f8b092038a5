package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop (SIGTERM: a normal deploy) writes a snapshot of every room; clients that resume
 * afterwards from a revision older than that snapshot still lose nothing. Two real client sessions
 * over WebSockets against the hub as its own process: one drops off with an edit the hub committed
 * but never acknowledged and a second typed while offline; the other keeps typing before, during
 * and after the outage. After the restart every word is in the text exactly once, in both clients.
 */
class HubGracefulRestartTest {
    private static final long WAIT = 15_000;

    @TempDir
    Path data;

    @ParameterizedTest(name = "hub flags: {0}")
    @ValueSource(strings = {
            "",                                                         // the defaults
            "--snapshot-every 5",                                       // the room passes its snapshot threshold
            "--snapshot-every 5 --text-history 0 --session-grace-ms 0"  // nothing kept: a whole text, and a rebase
    })
    void editsUnacknowledgedAtAGracefulStopLandExactlyOnceAfterTheRestart(String flags) throws Exception {
        String[] hubFlags = flags.isEmpty() ? new String[0] : flags.split(" ");
        HubProcess first = HubProcess.start(data, hubFlags);
        HubProcess second = null;
        try (TextSocketClient alice = new TextSocketClient("alice", "demo", "notes");
                TextSocketClient bob = new TextSocketClient("bob", "demo", "notes")) {
            alice.connect(first.url());
            bob.connect(first.url());
            alice.await("shown the text", WAIT, alice::isShown);
            bob.await("shown the text", WAIT, bob::isShown);
            for (int i = 0; i < 10; i++) {
                alice.type("a" + i + " ");
                bob.type("b" + i + " ");
            }
            awaitConverged(alice, bob);

            // Alice's edit reaches the hub and is committed, but its acknowledgement never reaches her.
            alice.stopHearing();
            alice.type("ALICE ");
            bob.await("shown Alice's edit", WAIT, () -> bob.text().contains("ALICE"));
            alice.drop();
            alice.type("OFFLINE "); // typed while disconnected: never sent yet
            for (int i = 10; i < 20; i++) {
                bob.type("b" + i + " ");
            }
            bob.await("acknowledged", WAIT, () -> bob.pending() == 0);

            first.terminate(); // SIGTERM: the shutdown hook tells clients to reconnect and snapshots every room
            bob.await("told the hub went away", WAIT, () -> !bob.isJoined());
            bob.type("b20 "); // typed while the hub is down
            second = HubProcess.start(data, first.port(), hubFlags);
            alice.connectWithin(second.url(), WAIT);
            bob.connectWithin(second.url(), WAIT);
            String text = awaitConverged(alice, bob);

            assertEquals(1, count(text, "ALICE"), "the edit in flight, committed before the stop: " + text);
            assertEquals(1, count(text, "OFFLINE"), "the edit typed offline: " + text);
            assertEquals(numbered("a", 10), wordsOf(text, "a"), "alice's words, once each, in order");
            assertEquals(numbered("b", 21), wordsOf(text, "b"), "bob's words, once each, in order");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static String awaitConverged(TextSocketClient alice, TextSocketClient bob) throws InterruptedException {
        alice.await("acknowledged", WAIT, () -> alice.pending() == 0 && alice.isJoined());
        bob.await("acknowledged", WAIT, () -> bob.pending() == 0 && bob.isJoined());
        bob.await("showing alice's text", WAIT, () -> bob.text().equals(alice.text()));
        return bob.text();
    }

    private static long count(String text, String word) {
        return List.of(text.split(" ")).stream().filter(word::equals).count();
    }

    private static List<String> wordsOf(String text, String author) {
        List<String> words = new ArrayList<>();
        for (String word : text.split(" ")) {
            if (word.startsWith(author) && word.length() > 1 && Character.isDigit(word.charAt(1))) {
                words.add(word);
            }
        }
        return words;
    }

    private static List<String> numbered(String author, int count) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(author + i);
        }
        return words;
    }
}
