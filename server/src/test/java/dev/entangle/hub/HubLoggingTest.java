package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
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
    void aFlooderIsLoggedAsJsonWithItsClientAndRoom() throws Exception {
        try (HubProcess hub = HubProcess.start(data, "--log-json", "--messages-per-second", "1")) {
            RawSocketClient mallory = new RawSocketClient(hub.url());
            mallory.send(MessageCodec.encode(new Message.Hello("mallory", "lobby", "m")));
            mallory.next("\"welcome\"");
            for (int i = 0; i < 2_100 && !mallory.closed.isDone(); i++) {
                mallory.send(MessageCodec.encode(new Message.Ping(i)));
            }
            String line = hub.awaitLine(l -> l.contains("kept sending past its rate limit"));
            JsonObject entry = Json.parseObject(line);
            assertEquals("WARN", entry.string("level"));
            assertEquals("mallory", entry.object("mdc").string("client"));
            assertEquals("lobby", entry.object("mdc").string("room"));
            assertTrue(entry.string("formattedMessage").contains("mallory"), line);
        }
    }
}
