package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every refusal of a chat frame, each with the code docs/MULTIPLAYER.md gives it and the frame's seq. */
class ChatErrorsTest {
    private EntangleHub hub;

    private String start(java.util.function.Consumer<HubConfig> more) {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            more.accept(config);
        }).start();
        return "ws://127.0.0.1:" + hub.port() + "/entangle";
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.stop();
        }
    }

    private static String code(ChatSocket client, long seq) throws Exception {
        JsonObject answer = client.answer(seq);
        assertEquals("error", answer.string("type"), answer.toString());
        return answer.string("code");
    }

    @Test
    void aTextOverFourThousandCharactersIsMessageTooLong() throws Exception {
        try (ChatSocket alice = new ChatSocket(start(c -> { }), "alice", "demo")) {
            assertEquals("message_too_long", code(alice, alice.chat("send", "id", "m1", "text", "x".repeat(4_001))));
            assertEquals("message_too_long", code(alice, alice.chat("send", "id", "m1", "text", "😀".repeat(4_001))));
            // 4,000 characters are fine, even emoji (two UTF-16 units each).
            assertEquals("chat-result", alice.answer(alice.chat("send", "id", "m1", "text", "😀".repeat(4_000)))
                    .string("type"));
            assertEquals("message_too_long", code(alice, alice.chat("edit", "id", "m1", "text", "y".repeat(4_001))));
        }
    }

    @Test
    void blankTextsBadEmojiIdsChatsActionsAndLimitsAreInvalidFields() throws Exception {
        try (ChatSocket alice = new ChatSocket(start(c -> { }), "alice", "demo")) {
            alice.answer(alice.chat("send", "id", "m1", "text", "hi"));
            for (long seq : List.of(
                    alice.chat("send", "id", "m2", "text", "   \n"),
                    alice.chat("send", "id", "m2"),
                    alice.chat("send", "id", "has space", "text", "hi"),
                    alice.chat("send", "text", "no id"),
                    alice.chat("react", "id", "m1", "emoji", ""),
                    alice.chat("react", "id", "m1", "emoji", "x".repeat(17)),
                    alice.chat("shout", "id", "m1"),
                    alice.chat("history", "limit", 0L),
                    alice.chat("history", "limit", 101L),
                    alice.chat("search", "query", "x", "limit", "ten"),
                    alice.chat("send", "id", "m2", "text", "hi", "chat", "no/slashes"))) {
                assertEquals("invalid_field", code(alice, seq), "seq " + seq);
            }
            alice.raw("{\"type\":\"chat\",\"chat\":\"main\",\"action\":\"send\",\"id\":\"m3\",\"text\":\"no seq\"}");
            assertEquals("invalid_field", alice.error().string("code"));
        }
    }

    @Test
    void editingOrDeletingAnothersMessageOrReusingItsIdIsNotAuthor() throws Exception {
        String url = start(c -> { });
        try (ChatSocket alice = new ChatSocket(url, "alice", "demo"); ChatSocket bob = new ChatSocket(url, "bob", "demo")) {
            alice.answer(alice.chat("send", "id", "m1", "text", "mine"));
            assertEquals("not_author", code(bob, bob.chat("edit", "id", "m1", "text", "yours now")));
            assertEquals("not_author", code(bob, bob.chat("delete", "id", "m1")));
            assertEquals("not_author", code(bob, bob.chat("send", "id", "m1", "text", "same id")));
            assertEquals("chat-result", bob.answer(bob.chat("react", "id", "m1", "emoji", "🎉")).string("type"),
                    "anyone may react");
        }
    }

    @Test
    void aMessageThatIsNotThereOrWasDeletedIsNotFound() throws Exception {
        try (ChatSocket alice = new ChatSocket(start(c -> { }), "alice", "demo")) {
            assertEquals("not_found", code(alice, alice.chat("edit", "id", "nope", "text", "x")));
            assertEquals("not_found", code(alice, alice.chat("read", "id", "nope")));
            alice.answer(alice.chat("send", "id", "m1", "text", "soon gone"));
            alice.answer(alice.chat("delete", "id", "m1"));
            for (long seq : List.of(alice.chat("edit", "id", "m1", "text", "x"), alice.chat("delete", "id", "m1"),
                    alice.chat("react", "id", "m1", "emoji", "👍"), alice.chat("read", "id", "m1"))) {
                assertEquals("not_found", code(alice, seq));
            }
        }
    }

    @Test
    void theEleventhWriteInTenSecondsIsRateLimitedButReadsAreNot() throws Exception {
        try (ChatSocket alice = new ChatSocket(start(c -> { }), "alice", "demo")) {
            for (int i = 0; i < 10; i++) {
                assertEquals("chat-result", alice.answer(alice.chat("send", "id", "m" + i, "text", "n" + i)).string("type"));
            }
            assertEquals("rate_limited", code(alice, alice.chat("send", "id", "m10", "text", "one too many")));
            assertEquals("rate_limited", code(alice, alice.chat("react", "id", "m1", "emoji", "👍")));
            assertEquals("chat-result", alice.answer(alice.chat("history")).string("type"));
            assertEquals("chat-result", alice.answer(alice.chat("read", "id", "m9")).string("type"));
        }
    }

    @Test
    void aChatFrameOverTheFrameLimitIsFrameTooLarge() throws Exception {
        try (ChatSocket alice = new ChatSocket(start(c -> c.maxFrameBytes = 2_048), "alice", "demo")) {
            alice.chat("send", "id", "m1", "text", "😀".repeat(1_000));
            assertEquals("frame_too_large", alice.error().string("code"));
        }
    }

    @Test
    void aFrameOnlyTheHubSendsIsAnUnknownTypeFromAClient() throws Exception {
        try (ChatSocket alice = new ChatSocket(start(c -> { }), "alice", "demo")) {
            for (String type : List.of("chat-result", "chat-event", "activity-result", "activity-event")) {
                alice.raw("{\"type\":\"" + type + "\",\"seq\":1,\"chat\":\"main\",\"event\":\"message\",\"entry\":{}}");
                assertEquals("unknown_type", alice.error().string("code"), type);
            }
        }
    }

    @Test
    void aChangeTheLogRefusesIsStorageFailedAndNeverRelayed() throws Exception {
        String url = start(c -> c.eventLog = new FullDiskEventLog());
        try (ChatSocket alice = new ChatSocket(url, "alice", "demo")) {
            assertEquals("storage_failed", code(alice, alice.chat("send", "id", "m1", "text", "lost")));
            assertEquals(List.of(), ChatFeatureTest.numbers(alice.answer(alice.chat("history"))), "undone");
            assertEquals(List.of(), alice.all(f -> f.string("type").equals("chat-event")));
            assertEquals(Map.of(), alice.answer(alice.chat("history")).object("reads").asMap());
        }
    }
}
