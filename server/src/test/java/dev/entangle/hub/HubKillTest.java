package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change the hub acknowledged before it was killed with SIGKILL is there when a new hub
 * starts on the same data directory: counted, for bound values and for a text document.
 */
class HubKillTest {
    @TempDir
    Path data;

    private static RawSocketClient join(String url, String clientId) throws Exception {
        RawSocketClient client = new RawSocketClient(url);
        client.send(MessageCodec.encode(new Message.Hello(clientId, "demo", clientId + "-tab")));
        client.next("\"welcome\"");
        client.send(MessageCodec.encode(new Message.Entangle(1, "#volume", "*", Mode.BIDIRECTIONAL)));
        return client;
    }

    @Test
    void everythingAcknowledgedBeforeAKillIsThereAfterTheRestart() throws Exception {
        AtomicInteger acknowledged = new AtomicInteger();
        StringBuilder acknowledgedText = new StringBuilder();
        try (HubProcess hub = HubProcess.start(data)) {
            RawSocketClient alice = join(hub.url(), "alice");
            alice.next("\"ack\"");
            alice.send(MessageCodec.encode(new Message.TextOpen(2, "notes", null, null)));
            alice.next("\"text-snapshot\"");
            alice.next("\"ack\"");
            Thread writer = new Thread(() -> {
                try {
                    // One value change and one text insertion per step, each acknowledged before the next.
                    for (int i = 0; ; i++) {
                        long seq = 3 + 2L * i;
                        alice.send(MessageCodec.encode(new Message.Mutation(new MutationVector("#volume",
                                MutationKind.PROPERTY, "value", null, "v" + i, "alice", seq, i), null)));
                        alice.next("\"seq\":" + seq + ",");
                        String piece = i + ";";
                        alice.send(MessageCodec.encode(new Message.TextOp(seq + 1, "notes", i,
                                TextOperation.splice(acknowledgedText.length(), acknowledgedText.length(), 0, piece), null)));
                        alice.next("\"seq\":" + (seq + 1) + ",");
                        acknowledgedText.append(piece);
                        acknowledged.set(i + 1);
                    }
                } catch (Throwable stopped) {
                    // The hub was killed mid-step.
                }
            });
            writer.start();
            while (acknowledged.get() < 150) {
                Thread.sleep(5);
            }
            hub.kill();
            writer.join(15_000);
        }
        int steps = acknowledged.get();
        String textBeforeKill = acknowledgedText.toString();

        try (HubProcess hub = HubProcess.start(data)) {
            RawSocketClient bob = join(hub.url(), "bob");
            JsonObject latest = parse(bob.next("\"mutation\""));
            int lastValue = Integer.parseInt(latest.object("vector").string("newValue").substring(1));
            // The last acknowledged value is there; one more may be, if the hub logged it but died before the ack.
            assertTrue(lastValue == steps - 1 || lastValue == steps, "value v" + lastValue + " after " + steps + " acks");
            assertEquals(lastValue + 1, latest.longValue("serverSeq"), "one sequence number per accepted change");

            bob.send(MessageCodec.encode(new Message.TextOpen(2, "notes", null, null)));
            JsonObject snapshot = parse(bob.next("\"text-snapshot\""));
            String text = snapshot.string("text");
            assertTrue(text.startsWith(textBeforeKill), "every acknowledged insertion is in the text");
            long revision = snapshot.longValue("revision");
            assertTrue(revision == steps || revision == steps + 1, "revision " + revision + " after " + steps + " acks");
            assertTrue(steps >= 150);
        }
    }

    @Test
    void everyConfirmedNamedOperationIsThereAfterAKill() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        AtomicInteger confirmed = new AtomicInteger();
        try (HubProcess hub = HubProcess.start(data)) {
            String base = "http://127.0.0.1:" + hub.port();
            Thread writer = new Thread(() -> {
                try {
                    // The demo's addTodo over HTTP, one at a time, each confirmed before the next.
                    for (int i = 1; ; i++) {
                        String body = "{\"room\":\"todos\",\"operations\":[{\"name\":\"addTodo\",\"args\":{\"id\":\"t"
                                + i + "\",\"title\":\"todo " + i + "\"},\"id\":" + i
                                + ",\"clientId\":\"replica-kill-1\",\"timestamp\":1}]}";
                        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
                                + "/sync/operations")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("\"success\":true")) {
                            throw new IllegalStateException(response.body());
                        }
                        confirmed.set(i);
                    }
                } catch (Throwable stopped) {
                    // The hub was killed mid-request.
                }
            });
            writer.start();
            while (confirmed.get() < 100) {
                Thread.sleep(5);
            }
            hub.kill();
            writer.join(15_000);
        }
        int before = confirmed.get();
        try (HubProcess hub = HubProcess.start(data)) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + hub.port() + "/sync/state")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"room\":\"todos\",\"clientId\":\"replica-kill-1\",\"stateVersion\":0}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonObject state = parse(response.body());
            long version = state.longValue("stateVersion");
            assertTrue(version == before || version == before + 1, "version " + version + " after " + before
                    + " confirmations: every confirmed operation, and at most the one in flight");
            assertEquals(version, state.longValue("lastClientSeq"), "the hub remembers what it ran, so a resend is no copy");
            for (int i = 1; i <= before; i++) {
                assertTrue(response.body().contains("\"todo " + i + "\""), "todo " + i + " is there");
            }
        }
    }

    @Test
    void aTerminatedHubTellsClientsToReconnectAndTheNextOneHasEverything() throws Exception {
        int port;
        try (HubProcess hub = HubProcess.start(data)) {
            port = hub.port();
            RawSocketClient alice = join(hub.url(), "alice");
            alice.send(MessageCodec.encode(new Message.Mutation(new MutationVector("#volume", MutationKind.PROPERTY,
                    "value", null, "before SIGTERM", "alice", 2, 1), null)));
            alice.next("\"seq\":2,");
            hub.terminate();
            assertEquals(1012, alice.closed.get(10, TimeUnit.SECONDS), "told to reconnect (service restart)");
        }
        try (HubProcess hub = HubProcess.start(data, port)) {
            RawSocketClient bob = join(hub.url(), "bob");
            assertTrue(bob.next("\"mutation\"").contains("before SIGTERM"));
        }
    }

    /**
     * Group commit under load: 50 writers in 10 rooms, each sending its next change as soon as the
     * last was acknowledged, so their changes share transactions; after a SIGKILL every acknowledged
     * change is there, and at most the one each writer had in flight besides.
     */
    @Test
    void fiftyConcurrentWritersLoseNothingAcknowledgedToAKill() throws Exception {
        int writers = 50;
        int[] acknowledged = new int[writers];
        List<Thread> threads = new ArrayList<>();
        try (HubProcess hub = HubProcess.start(data, "--messages-per-second", "0")) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                RawSocketClient client = new RawSocketClient(hub.url());
                client.send(MessageCodec.encode(new Message.Hello("w" + w, "room-" + (w % 10), "w" + w + "-tab")));
                client.next("\"welcome\"");
                client.send(MessageCodec.encode(new Message.Entangle(1, "#w" + w, "*", Mode.BIDIRECTIONAL)));
                client.next("\"ack\"");
                Thread thread = new Thread(() -> {
                    try {
                        for (int i = 1; ; i++) {
                            long seq = 1 + i;
                            client.send(MessageCodec.encode(new Message.Mutation(new MutationVector("#w" + writer,
                                    MutationKind.PROPERTY, "value", null, String.valueOf(i), "w" + writer, seq, i), null)));
                            client.next("\"seq\":" + seq + ",");
                            acknowledged[writer] = i;
                        }
                    } catch (Throwable stopped) {
                        // The hub was killed mid-step.
                    }
                });
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            Thread.sleep(3_000);
            hub.kill();
            for (Thread thread : threads) {
                thread.join(15_000);
            }
        }
        int total = 0;
        try (HubProcess hub = HubProcess.start(data)) {
            for (int w = 0; w < writers; w++) {
                RawSocketClient reader = new RawSocketClient(hub.url());
                reader.send(MessageCodec.encode(new Message.Hello("reader-" + w, "room-" + (w % 10), null)));
                reader.next("\"welcome\"");
                reader.send(MessageCodec.encode(new Message.Entangle(1, "#w" + w, "*", Mode.BIDIRECTIONAL)));
                int latest = 0;
                long serverSeq = 0;
                String frame = reader.poll(5_000);
                while (frame != null && !frame.contains("\"ack\"")) {
                    if (frame.contains("\"mutation\"")) {
                        JsonObject mutation = parse(frame);
                        latest = Integer.parseInt(mutation.object("vector").string("newValue"));
                        serverSeq = mutation.longValue("serverSeq");
                    }
                    frame = reader.poll(5_000);
                }
                int acked = acknowledged[w];
                assertTrue(latest == acked || latest == acked + 1, "writer " + w + ": value " + latest + " after "
                        + acked + " acknowledgements");
                assertEquals(latest, serverSeq, "writer " + w + ": one sequence number per accepted change");
                total += acked;
                reader.close();
            }
        }
        assertTrue(total > writers * 10, "the writers got going before the kill: " + total + " changes acknowledged");
    }

    private static JsonObject parse(String frame) throws Exception {
        return Json.parseObject(frame);
    }
}
