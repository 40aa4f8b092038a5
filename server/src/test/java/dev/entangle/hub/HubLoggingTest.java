package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code --log-json} the hub logs one JSON object per line, naming the client and room an event concerns. */
class HubLoggingTest {
    @TempDir
    Path data;

    @Test
    void aRefusedChangeIsLoggedAsJsonWithTheClientAndRoom() throws Exception {
        try (HubProcess hub = HubProcess.start(data, "--log-json")) {
            RawSocketClient mallory = new RawSocketClient(hub.url());
            mallory.send(MessageCodec.encode(new Message.Hello("mallory", "lobby", "m")));
            mallory.next("\"welcome\"");
            mallory.send(MessageCodec.encode(new Message.Entangle(1, "#link", "*", Mode.BIDIRECTIONAL)));
            mallory.next("\"ack\"");
            mallory.send(MessageCodec.encode(new Message.Mutation(new MutationVector("#link", MutationKind.ATTRIBUTE,
                    "onclick", null, "alert(1)", "mallory", 2, 0), null)));
            mallory.next("unsafe_mutation");

            String line = hub.awaitLine(l -> l.contains("refused unsafe change"));
            JsonObject entry = Json.parseObject(line);
            assertEquals("WARN", entry.string("level"));
            assertEquals("mallory", entry.object("mdc").string("client"));
            assertEquals("lobby", entry.object("mdc").string("room"));
            assertTrue(entry.string("formattedMessage").contains("onclick"), line);
        }
    }
}
