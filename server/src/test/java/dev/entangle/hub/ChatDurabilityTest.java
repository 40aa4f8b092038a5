package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub killed with SIGKILL and started again on the same SQLite data: its chats — messages, edits,
 * reactions, read marks, numbering — and its activity stream are all there, read from the events or
 * from a snapshot that dropped them.
 */
class ChatDurabilityTest {
    @TempDir
    Path data;

    @Test
    void chatAndActivitySurviveAKill() throws Exception {
        killAndRestart();
    }

    @Test
    void chatAndActivitySurviveAKillAfterSnapshotsDroppedTheirEvents() throws Exception {
        killAndRestart("--snapshot-every", "3");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("entangle.db"));
                ResultSet r = db.createStatement().executeQuery("SELECT count(*) FROM snapshots WHERE room = 'demo'")) {
            assertEquals(1, r.getInt(1), "the room was snapshotted");
        }
    }

    private void killAndRestart(String... flags) throws Exception {
        try (HubProcess hub = HubProcess.start(data, flags)) {
            ChatSocket alice = new ChatSocket(hub.url(), "alice", "demo");
            ChatSocket bob = new ChatSocket(hub.url(), "bob", "demo");
            alice.answer(alice.chat("send", "id", "m1", "text", "Ready to run?"));
            alice.answer(alice.chat("send", "id", "m2", "text", "Tests first"));
            alice.answer(alice.chat("edit", "id", "m2", "text", "Tests first, then run"));
            bob.answer(bob.chat("react", "id", "m1", "emoji", "👍"));
            bob.answer(bob.chat("read", "id", "m2"));
            JsonObject posted = alice.answer(alice.activity("post", "entry",
                    Map.of("type", "run", "summary", "ran the tests: 42 passed", "passed", 42L)));
            assertEquals("activity-result", posted.string("type"));
            hub.kill(); // no goodbye: every acknowledged change must already be in the log
        }
        try (HubProcess hub = HubProcess.start(data, flags)) {
            // Nobody is in the room yet: the export reads it back from the log.
            HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + hub.port() + "/rooms/demo/chat/main/export")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(2, ((List<?>) Json.parse(export.body())).size(), export.body());
            try (ChatSocket carol = new ChatSocket(hub.url(), "carol", "demo")) {
                JsonObject history = carol.answer(carol.chat("history"));
                List<?> messages = history.array("messages");
                assertEquals(2, messages.size());
                Map<?, ?> first = (Map<?, ?>) messages.get(0);
                Map<?, ?> second = (Map<?, ?>) messages.get(1);
                assertEquals(Map.of("👍", List.of("bob")), first.get("reactions"));
                assertEquals("Tests first, then run", second.get("text"));
                assertTrue(second.containsKey("edited"));
                assertEquals(Map.of("bob", 2L), history.object("reads").asMap());
                assertEquals(2L, history.longValue("unread"));
                assertEquals(3L, carol.answer(carol.chat("send", "id", "c1", "text", "back")).object("message")
                        .longValue("n"), "numbering carries on");

                List<?> entries = carol.answer(carol.activity("list")).array("entries");
                List<?> types = entries.stream().map(e -> ((Map<?, ?>) e).get("type")).toList();
                assertEquals(List.of("join", "join", "chat", "chat", "run", "join"), types.subList(0, 6), types.toString());
                Map<?, ?> run = (Map<?, ?>) entries.get(4);
                assertEquals(42L, run.get("passed"));
                assertEquals("alice", run.get("actor"));
                List<?> numbers = entries.stream().map(e -> ((Map<?, ?>) e).get("n")).toList();
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), numbers.subList(0, 6), "numbered without a gap");
            }
        }
    }
}
