package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.hub.auth.AccessToken;
import dev.entangle.hub.auth.Tokens;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /rooms/{room}/chat/{name}/export} in its three formats: the whole chat oldest first,
 * deleted messages left out, awkward texts (commas, quotes, line breaks, emoji, markup) carried
 * verbatim; and, where the hub requires tokens, only with one granting the room.
 */
class ChatExportTest {
    private static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final String AWKWARD = "Commas, \"quotes\" and\na line break 🎉 <b>markup</b>";

    private final HttpClient http = HttpClient.newHttpClient();
    private EntangleHub hub;

    @AfterEach
    void stop() {
        hub.stop();
    }

    private String start(byte[] secret) {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            config.tokenSecret = secret;
        }).start();
        return "ws://127.0.0.1:" + hub.port() + "/entangle";
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** alice writes three messages (the second deleted, the third awkward), bob reacts to the first. */
    private void chatIn(String url) throws Exception {
        try (ChatSocket alice = new ChatSocket(url, "alice", "demo")) {
            alice.answer(alice.chat("send", "id", "m1", "text", "Ready to run?"));
            alice.answer(alice.chat("send", "id", "m2", "text", "oops"));
            alice.answer(alice.chat("delete", "id", "m2"));
            alice.answer(alice.chat("send", "id", "m3", "text", AWKWARD));
            alice.answer(alice.chat("edit", "id", "m3", "text", AWKWARD));
            try (ChatSocket bob = new ChatSocket(url, "bob", "demo")) {
                bob.answer(bob.chat("react", "id", "m1", "emoji", "👍"));
                bob.answer(bob.chat("react", "id", "m1", "emoji", "🎉"));
                alice.answer(alice.chat("react", "id", "m1", "emoji", "👍"));
            }
        }
    }

    @Test
    void jsonIsTheMessagesOldestFirstWithoutTheDeletedOnesAsADownload() throws Exception {
        chatIn(start(null));
        HttpResponse<String> response = get("/rooms/demo/chat/main/export", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        List<?> messages = (List<?>) Json.parse(response.body());
        assertEquals(2, messages.size());
        Map<?, ?> first = (Map<?, ?>) messages.get(0);
        Map<?, ?> awkward = (Map<?, ?>) messages.get(1);
        assertEquals(1L, first.get("n"));
        assertEquals(Map.of("👍", List.of("bob", "alice"), "🎉", List.of("bob")), first.get("reactions"));
        assertEquals(3L, awkward.get("n"));
        assertEquals(AWKWARD, awkward.get("text"), "verbatim, markup and all");
    }

    @Test
    void csvIsRfc4180WithEveryAwkwardTextQuotedAndReadsBackTheSame() throws Exception {
        chatIn(start(null));
        HttpResponse<String> response = get("/rooms/demo/chat/main/export?format=csv", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").contains("demo-main.csv"));
        assertTrue(response.body().startsWith("n,id,at,author,name,text,edited,reactions\r\n"), "a header, CRLF");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.body())).getRecords();
        assertEquals(2, records.size(), "the deleted message is left out");
        CSVRecord first = records.get(0);
        assertEquals("1", first.get("n"));
        assertEquals("alice", first.get("author"));
        assertEquals("Ready to run?", first.get("text"));
        assertEquals("👍 2; 🎉 1", first.get("reactions"));
        assertEquals("", first.get("edited"));
        Instant.parse(first.get("at")); // ISO-8601
        assertTrue(first.get("at").endsWith("Z"), "in UTC");
        CSVRecord awkward = records.get(1);
        assertEquals("3", awkward.get("n"));
        assertEquals(AWKWARD, awkward.get("text"), "commas, quotes, the line break and the emoji come back");
        Instant.parse(awkward.get("edited"));
    }

    @Test
    void txtIsOneLinePerMessageWithItsLineBreaksIndented() throws Exception {
        chatIn(start(null));
        HttpResponse<String> response = get("/rooms/demo/chat/main/export?format=txt", null);
        assertEquals(200, response.statusCode());
        String[] lines = response.body().split("\n");
        assertEquals(3, lines.length, response.body());
        assertTrue(lines[0].matches("\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ] alice: Ready to run\\?"), lines[0]);
        assertTrue(lines[1].endsWith("] alice: Commas, \"quotes\" and"), lines[1]);
        assertEquals("    a line break 🎉 <b>markup</b>", lines[2]);
    }

    @Test
    void anUnknownFormatIsABadRequestAndAnUnknownChatIsEmpty() throws Exception {
        chatIn(start(null));
        HttpResponse<String> bad = get("/rooms/demo/chat/main/export?format=xml", null);
        assertEquals(400, bad.statusCode());
        assertEquals("invalid_field", ((Map<?, ?>) Json.parse(bad.body())).get("code"));
        assertEquals("[]", get("/rooms/demo/chat/other/export", null).body());
    }

    @Test
    void exportWantsATokenGrantingTheRoomWhereTheHubRequiresTokens() throws Exception {
        String url = start(SECRET);
        Tokens tokens = new Tokens(SECRET);
        Instant later = Instant.now().plusSeconds(3_600);
        String alices = tokens.issue(new AccessToken("alice", Map.of("demo", AccessToken.Access.WRITE), List.of(), later));
        String readers = tokens.issue(new AccessToken("carol", Map.of("demo", AccessToken.Access.READ), List.of(), later));
        String elsewhere = tokens.issue(new AccessToken("dave", Map.of("other", AccessToken.Access.WRITE), List.of(),
                later));
        String expired = tokens.issue(new AccessToken("erin", Map.of("demo", AccessToken.Access.WRITE), List.of(),
                Instant.now().minusSeconds(60)));
        try (RawSocketClient alice = new RawSocketClient(url)) {
            alice.send("{\"type\":\"hello\",\"clientId\":\"alice\",\"room\":\"demo\",\"token\":\"" + alices + "\"}");
            alice.next("\"welcome\"");
            alice.send("{\"type\":\"chat\",\"seq\":1,\"chat\":\"main\",\"action\":\"send\",\"id\":\"m1\",\"text\":\"secret\"}");
            alice.next("\"chat-result\"");
        }
        String path = "/rooms/demo/chat/main/export";
        assertRefused(get(path, null), 401, "token_required");
        assertRefused(get(path, "not-a-token"), 401, "token_invalid");
        assertRefused(get(path, expired), 401, "token_expired");
        assertRefused(get(path, elsewhere), 403, "room_forbidden");
        assertTrue(get(path, readers).body().contains("secret"), "a token to read the room is enough");
        assertTrue(get(path + "?token=" + alices, null).body().contains("secret"), "as a query parameter too");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, ((Map<?, ?>) Json.parse(response.body())).get("code"));
    }
}
