package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chat end to end over the real WebSocket (docs/MULTIPLAYER.md, "Chat"): each change answered to its
 * sender and relayed to every member, the author too; history, search and unread counts; a resend
 * after a reconnect is one message.
 */
class ChatFeatureTest {
    private EntangleHub hub;
    private String url;

    @BeforeEach
    void start() {
        hub = EntangleHub.create(config -> config.port = 0).start();
        url = "ws://127.0.0.1:" + hub.port() + "/entangle";
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    static List<Long> numbers(JsonObject result) throws Exception {
        return result.array("messages").stream().map(m -> (Long) ((Map<?, ?>) m).get("n")).toList();
    }

    @Test
    void sendEditReactReadAndDeleteAreAnsweredAndReachEveryMemberTheAuthorToo() throws Exception {
        try (ChatSocket alice = new ChatSocket(url, "alice", "demo"); ChatSocket bob = new ChatSocket(url, "bob", "demo")) {
            JsonObject sent = alice.answer(alice.chat("send", "id", "k1", "text", "Ready to run?"));
            assertEquals("chat-result", sent.string("type"));
            JsonObject message = sent.object("message");
            assertEquals(1L, message.longValue("n"));
            assertEquals("alice", message.string("author"));
            assertEquals("Ready to run?", message.string("text"));
            assertTrue(message.longValue("at") > 0);
            assertEquals("Ready to run?", bob.chatEvent("message").object("message").string("text"));
            assertEquals("k1", alice.chatEvent("message").object("message").string("id"), "the author hears it too");

            JsonObject edited = alice.answer(alice.chat("edit", "id", "k1", "text", "Ready to run it?")).object("message");
            assertEquals("Ready to run it?", edited.string("text"));
            assertTrue(edited.has("edited"));
            assertEquals("Ready to run it?", bob.chatEvent("edit").object("message").string("text"));

            JsonObject reacted = bob.answer(bob.chat("react", "id", "k1", "emoji", "👍")).object("message");
            assertEquals(Map.of("👍", List.of("bob")), reacted.asMap().get("reactions"));
            assertEquals(Map.of("👍", List.of("bob")), alice.chatEvent("reaction").object("message").asMap().get("reactions"));
            JsonObject toggled = bob.answer(bob.chat("react", "id", "k1", "emoji", "👍")).object("message");
            assertFalse(toggled.has("reactions"), "a second reaction with the same emoji takes it back");

            assertEquals(1L, bob.answer(bob.chat("read", "id", "k1")).longValue("n"));
            JsonObject read = alice.chatEvent("read");
            assertEquals("bob", read.string("clientId"));
            assertEquals(1L, read.longValue("n"));
            assertEquals("k1", read.string("id"));

            JsonObject deleted = alice.answer(alice.chat("delete", "id", "k1")).object("message");
            assertEquals(Map.of("id", "k1", "n", 1L, "author", "alice", "deleted", true), deleted.asMap());
            assertEquals(true, bob.chatEvent("delete").object("message").asMap().get("deleted"));
            assertEquals(List.of(), numbers(bob.answer(bob.chat("history"))), "a deleted message leaves history");
        }
    }

    @Test
    void historyPagesBackwardsOldestFirstWithReadMarksAndUnreadCounts() throws Exception {
        try (ChatSocket alice = new ChatSocket(url, "alice", "demo"); ChatSocket bob = new ChatSocket(url, "bob", "demo")) {
            for (int i = 1; i <= 6; i++) {
                alice.answer(alice.chat("send", "id", "m" + i, "text", "message " + i));
            }
            alice.answer(alice.chat("delete", "id", "m6"));
            bob.answer(bob.chat("send", "id", "b1", "text", "mine"));
            bob.answer(bob.chat("read", "id", "m2"));

            JsonObject latest = bob.answer(bob.chat("history", "limit", 2L));
            assertEquals(List.of(5L, 7L), numbers(latest), "the latest two, oldest first, the deleted one left out");
            assertTrue((Boolean) latest.asMap().get("more"));
            assertEquals(Map.of("bob", 2L), latest.object("reads").asMap());
            assertEquals(3L, latest.longValue("unread"), "3, 4 and 5: not bob's own, not the deleted one");

            JsonObject older = bob.answer(bob.chat("history", "before", 5L, "limit", 2L));
            assertEquals(List.of(3L, 4L), numbers(older));
            JsonObject oldest = bob.answer(bob.chat("history", "before", 3L, "limit", 50L));
            assertEquals(List.of(1L, 2L), numbers(oldest));
            assertFalse((Boolean) oldest.asMap().get("more"));
            assertEquals(1L, alice.answer(alice.chat("history")).longValue("unread"), "bob's one: alice has read nothing");
        }
    }

    @Test
    void searchMatchesEveryWordAsAWordStartIgnoringCaseAndAccentsInAnyScript() throws Exception {
        try (ChatSocket alice = new ChatSocket(url, "alice", "demo"); ChatSocket bob = new ChatSocket(url, "bob", "demo")) {
            alice.answer(alice.chat("send", "id", "a1", "text", "Résumé of the CAFÉ meeting"));
            bob.answer(bob.chat("send", "id", "b1", "text", "Ready to run the resume script?"));
            alice.answer(alice.chat("send", "id", "a2", "text", "日本語のテキストを送ります"));
            alice.answer(alice.chat("send", "id", "a3", "text", "Ｆｕｌｌｗｉｄｔｈ letters"));

            assertEquals(List.of(2L, 1L), numbers(alice.answer(alice.chat("search", "query", "resume"))), "newest first");
            assertEquals(List.of(1L), numbers(alice.answer(alice.chat("search", "query", "cafe RESU"))));
            assertEquals(List.of(), numbers(alice.answer(alice.chat("search", "query", "esume"))), "word starts only");
            assertEquals(List.of(), numbers(alice.answer(alice.chat("search", "query", "resume cafe ready"))),
                    "every word must match");
            assertEquals(List.of(3L), numbers(alice.answer(alice.chat("search", "query", "テキスト"))));
            assertEquals(List.of(4L), numbers(alice.answer(alice.chat("search", "query", "fullwidth"))), "NFKD folds it");
            assertEquals(List.of(2L), numbers(alice.answer(alice.chat("search", "query", "resume", "from", "bob"))));
            assertEquals(List.of(2L, 1L), numbers(alice.answer(alice.chat("search", "query", "resume", "since", 1L,
                    "until", System.currentTimeMillis() + 60_000))));
            assertEquals(List.of(), numbers(alice.answer(alice.chat("search", "query", "resume", "until", 1L))));
            assertEquals(List.of(4L), numbers(alice.answer(alice.chat("search", "query", "", "limit", 1L))));
        }
    }

    @Test
    void aResendAfterAReconnectIsAnsweredWithTheMessageAlreadySentNeverASecondOne() throws Exception {
        try (ChatSocket bob = new ChatSocket(url, "bob", "demo")) {
            ChatSocket alice = new ChatSocket(url, "alice", "demo");
            JsonObject first = alice.answer(alice.chat("send", "id", "once", "text", "hello")).object("message");
            alice.close(); // the answer may have been lost: the page sends it again once connected
            try (ChatSocket again = new ChatSocket(url, "alice", "demo")) {
                JsonObject resent = again.answer(again.chat("send", "id", "once", "text", "hello")).object("message");
                assertEquals(first.asMap(), resent.asMap(), "the message already sent");
                assertEquals(List.of(1L), numbers(again.answer(again.chat("history"))));
            }
            List<JsonObject> relayed = bob.all(f -> f.string("type").equals("chat-event"));
            assertEquals(1, relayed.size(), "relayed once: " + relayed);
        }
    }

    @Test
    void markupInATextIsJustTextAndComesBackVerbatim() throws Exception {
        String markup = "<b>bold</b> <script>alert('x')</script> &amp; \"quoted\" <img src=x onerror=alert(1)>";
        try (ChatSocket alice = new ChatSocket(url, "alice", "demo")) {
            alice.answer(alice.chat("send", "id", "m1", "text", markup));
            JsonObject history = alice.answer(alice.chat("history"));
            assertEquals(markup, ((Map<?, ?>) history.array("messages").get(0)).get("text"));
        }
    }
}
