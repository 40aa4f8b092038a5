package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.store.Event;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit under a SIGKILL: 50 clients write as fast as their acknowledgements come back — 20
 * of them sharing four bindings of one busy room, 30 in six quiet rooms — against a hub process on
 * SQLite, which is killed mid-stream once /stats shows transactions holding several changes. Read
 * straight from the log on disk, and then through a restarted hub, every acknowledged change is
 * there, at the serverSeq its acknowledgement named, and so is every change relayed to a writer of
 * the busy room; and nothing else is, but the one change each writer had in flight.
 */
@Timeout(120)
class HubGroupCommitKillTest {
    private static final String BUSY_ROOM = "busy";
    private static final int BUSY_WRITERS = 20;
    private static final int SHARED_BINDINGS = 4;
    private static final int QUIET_ROOMS = 6;
    private static final int QUIET_WRITERS_PER_ROOM = 5;
    private static final int WRITERS = BUSY_WRITERS + QUIET_ROOMS * QUIET_WRITERS_PER_ROOM;
    /**
     * Each writer's acknowledged changes before the kill: every writer is under way, the busy room's
     * too (about a second of load here; the quiet rooms' writers have many more by then).
     */
    private static final int ACKS_PER_WRITER_BEFORE_KILL = 5;

    @TempDir
    Path data;

    /** A change a writer was told of (its own acknowledged, or another's relayed): where, its serverSeq, its value. */
    record Change(String room, String selector, long serverSeq, String value) {
    }

    /**
     * One client writing to one binding, one change in flight at a time, recording every
     * acknowledgement. It joins on its own thread (50 joins one after another take seconds), says
     * so through {@code ready}, and writes from {@code start} on.
     */
    static final class Writer implements Runnable {
        final String url;
        final String clientId;
        final String room;
        final String selector;
        final ConcurrentLinkedQueue<Change> acked = new ConcurrentLinkedQueue<>();
        /** Others' changes relayed to it: the hub tells no one of a change before it is durable either. */
        final ConcurrentLinkedQueue<Change> relayed = new ConcurrentLinkedQueue<>();
        /** What went wrong before the kill (a refusal, a frame that did not parse); empty if nothing. */
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        volatile int acknowledged;
        volatile boolean killed;
        private final CountDownLatch ready;
        private final CountDownLatch start;
        private RawSocketClient socket;

        Writer(String url, String clientId, String room, String selector, CountDownLatch ready, CountDownLatch start) {
            this.url = url;
            this.clientId = clientId;
            this.room = room;
            this.selector = selector;
            this.ready = ready;
            this.start = start;
        }

        private void join() throws Exception {
            socket = new RawSocketClient(url);
            socket.send(MessageCodec.encode(new Message.Hello(clientId, room, clientId + "-tab")));
            socket.next("\"welcome\"");
            socket.send(MessageCodec.encode(new Message.Entangle(1, selector, "*", Mode.BIDIRECTIONAL)));
            Message answer = nextOf(socket);
            while (!(answer instanceof Message.Ack) && !(answer instanceof Message.Error)) {
                answer = nextOf(socket);
            }
            assertEquals(new Message.Ack(1, null), answer, clientId + " entangles " + selector);
        }

        @Override
        public void run() {
            try {
                try {
                    join();
                } finally {
                    ready.countDown();
                }
                start.await();
                for (long seq = 2; ; seq++) {
                    String value = clientId + ":" + seq;
                    socket.send(MessageCodec.encode(new Message.Mutation(new MutationVector(selector,
                            MutationKind.PROPERTY, "value", null, value, clientId, seq, seq), null)));
                    Long serverSeq = awaitAck(seq);
                    if (serverSeq == null) {
                        return; // the hub is gone
                    }
                    acked.add(new Change(room, selector, serverSeq, value));
                    acknowledged++;
                }
            } catch (Exception | AssertionError e) {
                if (!killed) {
                    problems.add(clientId + ": " + e);
                }
            }
        }

        /** The serverSeq of the ack of {@code seq}, skipping others' relayed changes; null once the socket closed. */
        private Long awaitAck(long seq) throws Exception {
            while (true) {
                String frame = socket.poll(100);
                if (frame == null) {
                    if (socket.closed.isDone()) {
                        return null;
                    }
                    continue;
                }
                Message message = MessageCodec.decode(frame);
                if (message instanceof Message.Ack ack && ack.seq() == seq) {
                    return ack.serverSeq();
                }
                if (message instanceof Message.Mutation m && m.serverSeq() != null) {
                    relayed.add(new Change(room, m.vector().selector(), m.serverSeq(), m.vector().newValue()));
                }
                if (message instanceof Message.Error error && !killed) {
                    problems.add(clientId + " was refused: " + error);
                    throw new IllegalStateException(error.toString());
                }
            }
        }
    }

    @Test
    void everyAcknowledgedChangeOfFiftyConcurrentWritersSurvivesAKillDuringGroupCommit() throws Exception {
        List<Writer> writers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        JsonObject statsDuringLoad;
        try (HubProcess hub = HubProcess.start(data, "--event-log", "sqlite", "--messages-per-second", "0",
                // No snapshot replaces events, so the log on disk can be checked change by change.
                "--snapshot-every", "100000000")) {
            CountDownLatch ready = new CountDownLatch(WRITERS);
            CountDownLatch start = new CountDownLatch(1);
            for (int w = 0; w < BUSY_WRITERS; w++) {
                writers.add(new Writer(hub.url(), "busy-" + w, BUSY_ROOM, "#shared-" + (w % SHARED_BINDINGS),
                        ready, start));
            }
            for (int r = 0; r < QUIET_ROOMS; r++) {
                for (int w = 0; w < QUIET_WRITERS_PER_ROOM; w++) {
                    writers.add(new Writer(hub.url(), "quiet-" + r + "-" + w, "quiet-" + r, "#own-" + w, ready, start));
                }
            }
            for (Writer writer : writers) {
                Thread thread = new Thread(writer, "writer-" + writer.clientId);
                thread.setDaemon(true); // never keeps the JVM up, whatever the hub does
                thread.start();
                threads.add(thread);
            }
            assertTrue(ready.await(60, TimeUnit.SECONDS), "the writers joined");
            for (Writer writer : writers) {
                assertTrue(writer.problems.isEmpty(), writer.problems.toString());
            }
            start.countDown();

            statsDuringLoad = awaitLoadWithGroupedCommits(hub, writers);
            writers.forEach(w -> w.killed = true);
            hub.kill();
            for (Thread thread : threads) {
                thread.join(15_000);
                assertFalse(thread.isAlive(), thread.getName() + " still waits after the kill");
            }
        }
        for (Writer writer : writers) {
            assertTrue(writer.problems.isEmpty(), writer.problems.toString());
        }
        JsonObject eventLogStats = statsDuringLoad.object("eventLog");
        double meanEvents = ((Number) eventLogStats.asMap().get("commitMeanEvents")).doubleValue();
        assertTrue(meanEvents > 1, "transactions held " + meanEvents + " events on average: group commit gathered nothing");

        Map<String, List<Event.ValueAccepted>> logged = everyBindingInTheLog(writers);
        everyChangeAWriterWasToldOfIsInTheLogAtItsServerSeq(writers, logged);
        aRestartedHubServesTheLatestLoggedValueAndCarriesOnItsSequence(writers, logged);
    }

    /**
     * Waits until every writer has had {@link #ACKS_PER_WRITER_BEFORE_KILL} changes acknowledged and
     * /stats shows transactions of more than one event; returns /stats read at that moment, under load.
     */
    private static JsonObject awaitLoadWithGroupedCommits(HubProcess hub, List<Writer> writers) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest stats = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/stats")).build();
        long deadline = System.currentTimeMillis() + 60_000;
        JsonObject last = null;
        while (System.currentTimeMillis() < deadline) {
            for (Writer writer : writers) {
                assertTrue(writer.problems.isEmpty(), writer.problems.toString());
            }
            int slowest = writers.stream().mapToInt(w -> w.acknowledged).min().orElseThrow();
            if (slowest >= ACKS_PER_WRITER_BEFORE_KILL) {
                last = Json.parseObject(http.send(stats, HttpResponse.BodyHandlers.ofString()).body());
                double meanEvents = ((Number) last.object("eventLog").asMap().get("commitMeanEvents")).doubleValue();
                if (meanEvents > 1) {
                    return last;
                }
            }
            Thread.sleep(20); // polling interval, not a synchronisation
        }
        throw new AssertionError("no load with grouped commits within 60 s: acknowledged per writer "
                + writers.stream().map(w -> w.acknowledged).toList() + ", last /stats " + last);
    }

    private static String binding(String room, String selector) {
        return room + " " + selector;
    }

    /**
     * Reads the log of the killed hub: per binding, its changes in log order, which must be numbered
     * 1, 2, 3… with no gap and no repeat, each from a writer of that binding.
     */
    private Map<String, List<Event.ValueAccepted>> everyBindingInTheLog(List<Writer> writers) {
        LoggedEvents log = LoggedEvents.in(data);
        assertTrue(log.snapshottedRooms.isEmpty(), "no snapshot replaced events: " + log.snapshottedRooms);
        Map<String, List<Event.ValueAccepted>> byBinding = new LinkedHashMap<>();
        Map<String, Set<String>> writersOf = new HashMap<>();
        for (Writer writer : writers) {
            String binding = binding(writer.room, writer.selector);
            byBinding.computeIfAbsent(binding, b -> log.values(writer.room, writer.selector));
            writersOf.computeIfAbsent(binding, b -> new HashSet<>()).add(writer.clientId);
        }
        for (Map.Entry<String, List<Event.ValueAccepted>> entry : byBinding.entrySet()) {
            List<Event.ValueAccepted> values = entry.getValue();
            for (int i = 0; i < values.size(); i++) {
                assertEquals(i + 1, values.get(i).serverSeq(), entry.getKey() + ": the log's serverSeqs in order, no"
                        + " gap, no repeat; the log holds " + values.stream().map(Event.ValueAccepted::serverSeq).toList());
                assertTrue(writersOf.get(entry.getKey()).contains(values.get(i).vector().source()), entry.getKey()
                        + " " + (i + 1) + " is from " + values.get(i).vector().source() + ", who does not write it");
            }
        }
        return byBinding;
    }

    /** Every change a writer was told of, as its ack or relayed to it, is in the log at its serverSeq. */
    private static void everyChangeAWriterWasToldOfIsInTheLogAtItsServerSeq(List<Writer> writers,
            Map<String, List<Event.ValueAccepted>> logged) {
        Map<String, Integer> loggedPerWriter = new HashMap<>();
        for (List<Event.ValueAccepted> values : logged.values()) {
            for (Event.ValueAccepted v : values) {
                loggedPerWriter.merge(v.vector().source(), 1, Integer::sum);
            }
        }
        int total = 0;
        for (Writer writer : writers) {
            List<Event.ValueAccepted> values = logged.get(binding(writer.room, writer.selector));
            for (Change acked : writer.acked) {
                assertTrue(acked.serverSeq() >= 1 && acked.serverSeq() <= values.size(), writer.clientId
                        + ": acknowledged as serverSeq " + acked.serverSeq() + " of " + acked.selector()
                        + ", but the log holds only " + values.size() + " changes of it");
                Event.ValueAccepted inLog = values.get((int) acked.serverSeq() - 1);
                assertEquals(acked.value(), inLog.vector().newValue(), writer.clientId + ": serverSeq "
                        + acked.serverSeq() + " of " + acked.selector() + " in the log");
            }
            for (Change seen : writer.relayed) {
                List<Event.ValueAccepted> of = logged.get(binding(seen.room(), seen.selector()));
                assertTrue(seen.serverSeq() >= 1 && seen.serverSeq() <= of.size(), writer.clientId + " was relayed "
                        + seen.selector() + " " + seen.serverSeq() + ", but the log holds only " + of.size() + " changes of it");
                assertEquals(seen.value(), of.get((int) seen.serverSeq() - 1).vector().newValue(), writer.clientId
                        + " was relayed " + seen.selector() + " " + seen.serverSeq());
            }
            int inLog = loggedPerWriter.getOrDefault(writer.clientId, 0);
            int acknowledged = writer.acked.size();
            assertTrue(inLog == acknowledged || inLog == acknowledged + 1, writer.clientId + ": " + acknowledged
                    + " changes acknowledged, " + inLog + " logged (at most the one in flight more)");
            total += acknowledged;
        }
        assertTrue(total >= writers.size() * ACKS_PER_WRITER_BEFORE_KILL, total + " acknowledged changes in all");
        assertTrue(writers.stream().anyMatch(w -> !w.relayed.isEmpty()), "the busy room's writers were relayed changes");
    }

    /**
     * A hub started on the same data gives each binding's newest logged value to a client that
     * entangles it (so at least the newest acknowledged one), and numbers the next change after it.
     */
    private void aRestartedHubServesTheLatestLoggedValueAndCarriesOnItsSequence(List<Writer> writers,
            Map<String, List<Event.ValueAccepted>> logged) throws Exception {
        Map<String, List<String>> selectorsByRoom = new LinkedHashMap<>();
        for (Writer writer : writers) {
            List<String> selectors = selectorsByRoom.computeIfAbsent(writer.room, r -> new ArrayList<>());
            if (!selectors.contains(writer.selector)) {
                selectors.add(writer.selector);
            }
        }
        try (HubProcess hub = HubProcess.start(data, "--event-log", "sqlite", "--messages-per-second", "0")) {
            for (Map.Entry<String, List<String>> room : selectorsByRoom.entrySet()) {
                try (RawSocketClient reader = new RawSocketClient(hub.url())) {
                    reader.send(MessageCodec.encode(new Message.Hello("reader", room.getKey(), null)));
                    reader.next("\"welcome\"");
                    long seq = 0;
                    for (String selector : room.getValue()) {
                        List<Event.ValueAccepted> values = logged.get(binding(room.getKey(), selector));
                        Event.ValueAccepted newest = values.get(values.size() - 1);
                        long highestAcked = writers.stream().filter(w -> w.room.equals(room.getKey())
                                && w.selector.equals(selector)).flatMap(w -> w.acked.stream())
                                .mapToLong(Change::serverSeq).max().orElse(0);

                        reader.send(MessageCodec.encode(new Message.Entangle(++seq, selector, "*", Mode.BIDIRECTIONAL)));
                        Message.Mutation latest = null;
                        for (Message m = nextOf(reader); !(m instanceof Message.Ack ack && ack.seq() == seq); m = nextOf(reader)) {
                            if (m instanceof Message.Mutation mutation && mutation.vector().selector().equals(selector)) {
                                latest = mutation;
                            }
                        }
                        String where = room.getKey() + " " + selector;
                        assertNotNull(latest, where + ": no value after the restart");
                        assertTrue(latest.serverSeq() >= highestAcked, where + ": serverSeq " + latest.serverSeq()
                                + " after the restart, " + highestAcked + " was acknowledged");
                        assertEquals(newest.serverSeq(), latest.serverSeq(), where + ": the newest logged change");
                        assertEquals(newest.vector().newValue(), latest.vector().newValue(), where);

                        reader.send(MessageCodec.encode(new Message.Mutation(new MutationVector(selector,
                                MutationKind.PROPERTY, "value", null, "after the restart", "reader", ++seq, seq), null)));
                        Message answer = nextOf(reader);
                        while (!(answer instanceof Message.Ack) && !(answer instanceof Message.Error)) {
                            answer = nextOf(reader);
                        }
                        assertEquals(new Message.Ack(seq, newest.serverSeq() + 1), answer, where
                                + ": the binding's sequence carries on after the restart");
                    }
                }
            }
        }
    }

    /** The next frame, decoded, leaving out awareness frames; fails after 10 s without one. */
    private static Message nextOf(RawSocketClient client) throws Exception {
        while (true) {
            String frame = client.poll(10_000);
            assertNotNull(frame, "no frame within 10 s");
            Message message = MessageCodec.decode(frame);
            if (!(message instanceof Message.Peer)) {
                return message;
            }
        }
    }
}
