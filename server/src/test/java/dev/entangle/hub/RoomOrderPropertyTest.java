package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.hub.store.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One order per room, whatever the interleaving: clients of one room, each on its own thread and
 * following a script drawn from a fixed seed, send changes of three shared bindings (single
 * {@code mutation}s and {@code mutations} frames) and edits of one text document, several in flight
 * at once, to a hub process on SQLite. Once all is acknowledged and delivered, the hub's files are
 * copied as they are (what a crash at that moment would leave) and its log read from the copy. Then,
 * per binding and per document:
 * <ol>
 * <li>the log numbers the changes 1, 2, 3… in log order, one per change sent;</li>
 * <li>every client saw exactly that sequence — its own changes as acks, the others' relayed —
 * with the log's values, no gap, no repeat, nothing out of order; and across bindings too, every
 * client saw the room's changes in the log's order;</li>
 * <li>each sender's acks increase in its send order, and each names the log entry holding that
 * sender's change.</li>
 * </ol>
 * A failure names its seed; the thread interleaving differs from run to run, the scripts do not.
 */
@Timeout(120)
class RoomOrderPropertyTest {
    private static final List<String> SELECTORS = List.of("#a", "#b", "#c");
    private static final String DOC = "notes";
    private static final int CLIENTS = 4;
    private static final int STEPS = 60;
    /** Messages a client may have unanswered at once: enough to interleave with everyone else's. */
    private static final int WINDOW = 6;
    /** Every text edit inserts this many code points, so the document at revision r is 2r long. */
    private static final int INSERT_LENGTH = 2;

    /** One hub for every seed, each seed in a room of its own. */
    @TempDir
    static Path hubData;
    private static HubProcess hub;
    @TempDir
    Path crashed;

    /** A change as a client saw it: its own (acknowledged) or another's (relayed). */
    record Seen(String key, long number, String value, String source) {
    }

    /** What a client sent with one {@code seq}: a value of {@code selector}, or a text edit (selector null). */
    record Sent(String selector, String value) {
    }

    /** One client of the room, driven by its script on its own thread; afterwards read by the test thread. */
    static final class Client {
        final String id;
        final RawSocketClient socket;
        final Random script;
        long seq;
        final Map<Long, Sent> sent = new HashMap<>();
        final Set<Long> unanswered = new LinkedHashSet<>();
        /** Every change it learnt of, own and others', in arrival order. */
        final List<Seen> seen = new ArrayList<>();
        /** Its own changes' acks: seq to serverSeq (or revision), by seq. */
        final Map<Long, Long> acks = new HashMap<>();
        /** Others' edits relayed to it, by revision, and who made each. */
        final Map<Long, TextOperation> relayedOps = new HashMap<>();
        final Map<Long, String> relayedEditSources = new HashMap<>();
        final List<String> problems = new ArrayList<>();
        long newestRevision;
        boolean editInFlight;

        Client(String url, String room, String id, long seed) throws Exception {
            this.id = id;
            this.script = new Random(seed * 31 + id.hashCode());
            socket = new RawSocketClient(url);
            socket.send(MessageCodec.encode(new Message.Hello(id, room, id + "-tab")));
            socket.next("\"welcome\"");
            for (String selector : SELECTORS) {
                socket.send(MessageCodec.encode(new Message.Entangle(++seq, selector, "*", Mode.BIDIRECTIONAL)));
                awaitAnswer(seq);
            }
            socket.send(MessageCodec.encode(new Message.TextOpen(++seq, DOC, null, null)));
            awaitAnswer(seq);
        }

        private void awaitAnswer(long setupSeq) throws Exception {
            while (true) {
                String frame = socket.poll(10_000);
                assertNotNull(frame, id + ": no answer to " + setupSeq);
                Message message = MessageCodec.decode(frame);
                if (message instanceof Message.Ack ack && ack.seq() == setupSeq) {
                    return;
                }
                if (message instanceof Message.Error error) {
                    throw new AssertionError(id + " was refused: " + error);
                }
            }
        }

        /** Runs the script: STEPS sends, then waits until each of its own messages is answered. */
        void run() {
            try {
                long deadline = System.currentTimeMillis() + 60_000;
                for (int step = 0; step < STEPS; step++) {
                    take(0);
                    while (unanswered.size() >= WINDOW && System.currentTimeMillis() < deadline) {
                        take(100);
                    }
                    if (unanswered.size() >= WINDOW) {
                        problems.add(id + ": no answer to seq " + unanswered + " within a minute");
                        return;
                    }
                    int action = script.nextInt(10);
                    if (action < 5 || (action >= 8 && editInFlight)) {
                        sendValues(1);
                    } else if (action < 8) {
                        sendValues(2 + script.nextInt(3));
                    } else {
                        sendEdit();
                    }
                    switch (script.nextInt(3)) {
                        case 0 -> Thread.yield();
                        case 1 -> LockSupport.parkNanos(script.nextInt(300_000));
                        default -> { }
                    }
                }
                while (!unanswered.isEmpty() && System.currentTimeMillis() < deadline) {
                    take(100);
                }
                if (!unanswered.isEmpty()) {
                    problems.add(id + ": no answer to seq " + unanswered);
                }
            } catch (Exception | AssertionError e) {
                problems.add(id + ": " + e);
            }
        }

        /** One {@code mutation}, or a {@code mutations} frame of {@code count} (a selector may come twice). */
        private void sendValues(int count) {
            List<Message.Mutation> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String selector = SELECTORS.get(script.nextInt(SELECTORS.size()));
                long mine = ++seq;
                String value = id + ":" + mine;
                sent.put(mine, new Sent(selector, value));
                unanswered.add(mine);
                items.add(new Message.Mutation(new MutationVector(selector, MutationKind.PROPERTY, "value", null,
                        value, id, mine, mine), null));
            }
            socket.send(MessageCodec.encode(count == 1 ? items.get(0) : new Message.MutationBatch(items)));
        }

        /** An insertion at a random place of the newest revision it knows (one edit in flight, as the client's). */
        private void sendEdit() {
            long mine = ++seq;
            int length = (int) newestRevision * INSERT_LENGTH;
            String piece = id.substring(id.length() - 1) + (char) ('a' + script.nextInt(26));
            sent.put(mine, new Sent(null, piece));
            unanswered.add(mine);
            editInFlight = true;
            socket.send(MessageCodec.encode(new Message.TextOp(mine, DOC, newestRevision,
                    TextOperation.splice(length, script.nextInt(length + 1), 0, piece), null)));
        }

        /** Handles every frame waiting, or the first to come within {@code millis} when none is. */
        void take(long millis) throws Exception {
            String frame = socket.poll(millis);
            while (frame != null) {
                handle(MessageCodec.decode(frame));
                frame = socket.poll(0);
            }
        }

        private void handle(Message message) {
            if (message instanceof Message.Ack ack) {
                acknowledged(ack);
            } else if (message instanceof Message.Acks many) {
                many.acks().forEach(this::acknowledged);
            } else if (message instanceof Message.Mutation m) {
                relayed(m);
            } else if (message instanceof Message.MutationBatch batch) {
                batch.items().forEach(this::relayed);
            } else if (message instanceof Message.TextOp op) {
                seen.add(new Seen(DOC, op.revision(), null, op.source()));
                relayedOps.put(op.revision(), op.operation());
                relayedEditSources.put(op.revision(), op.source());
                newestRevision = Math.max(newestRevision, op.revision());
            } else if (message instanceof Message.Error error) {
                problems.add(id + " was refused: " + error);
                if (error.seq() != null) {
                    unanswered.remove(error.seq());
                }
            }
        }

        private void acknowledged(Message.Ack ack) {
            Sent mine = sent.get(ack.seq());
            if (mine == null || ack.serverSeq() == null || !unanswered.remove(ack.seq())) {
                problems.add(id + ": an ack of nothing unanswered: " + ack);
                return;
            }
            acks.put(ack.seq(), ack.serverSeq());
            if (mine.selector() == null) {
                seen.add(new Seen(DOC, ack.serverSeq(), null, id));
                newestRevision = Math.max(newestRevision, ack.serverSeq());
                editInFlight = false;
            } else {
                seen.add(new Seen(mine.selector(), ack.serverSeq(), mine.value(), id));
            }
        }

        private void relayed(Message.Mutation m) {
            seen.add(new Seen(m.vector().selector(), m.serverSeq(), m.vector().newValue(), m.vector().source()));
        }

        long count(String key) {
            return seen.stream().filter(s -> s.key().equals(key)).count();
        }
    }

    @BeforeAll
    static void startHub() throws Exception {
        hub = HubProcess.start(hubData, "--event-log", "sqlite", "--messages-per-second", "0",
                // No snapshot replaces events, so the log on disk holds every change.
                "--snapshot-every", "100000000");
    }

    @AfterAll
    static void stopHub() throws Exception {
        hub.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 2024, 90210})
    void everyBindingHasOneOrderInTheLogInEveryClientAndInTheAcks(long seed) throws Exception {
        String room = "order-" + seed;
        List<Client> clients = new ArrayList<>();
        Map<String, Long> sentPerKey = new HashMap<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(new Client(hub.url(), room, "c" + c, seed));
            }
            List<Thread> threads = new ArrayList<>();
            for (Client client : clients) {
                Thread thread = new Thread(client::run, "client-" + client.id);
                thread.setDaemon(true); // never keeps the JVM up, whatever the hub does
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(90_000);
                assertFalse(thread.isAlive(), "seed " + seed + ": " + thread.getName() + " still runs after 90 s");
            }
            for (Client client : clients) {
                assertTrue(client.problems.isEmpty(), "seed " + seed + ": " + client.problems);
                for (Sent s : client.sent.values()) {
                    sentPerKey.merge(s.selector() == null ? DOC : s.selector(), 1L, Long::sum);
                }
            }
            // Everything is acknowledged; wait until every client has been told of every change too.
            for (Client client : clients) {
                long deadline = System.currentTimeMillis() + 10_000;
                while (!sentPerKey.entrySet().stream().allMatch(e -> client.count(e.getKey()) >= e.getValue())
                        && System.currentTimeMillis() < deadline) {
                    client.take(100);
                }
            }
            // Nothing is in flight and the hub writes nothing more: its files are what a crash now would leave.
            copy(hubData, crashed);
        } finally {
            clients.forEach(client -> client.socket.close());
        }

        LoggedEvents log = LoggedEvents.ofRoom(crashed, room);
        assertTrue(log.snapshottedRooms.isEmpty(), "no snapshot replaced events");
        List<Seen> logOrder = theLogNumbersEachBindingOnePerChangeSent(seed, room, log, sentPerKey);
        Map<String, Seen> logged = new HashMap<>();
        logOrder.forEach(s -> logged.put(s.key() + " " + s.number(), s));
        for (Client client : clients) {
            assertTrue(client.problems.isEmpty(), "seed " + seed + ": " + client.problems);
            everyClientSawTheLogsOrder(seed, client, logOrder);
            everyAckNamesTheSendersEntryInTheLog(seed, client, logged);
        }
        theRelayedEditsAreTheLoggedOnes(seed, room, clients, log);
    }

    /** (a) Per binding and document, the log's numbers are 1, 2, 3… in log order; returns the room's changes in log order. */
    private static List<Seen> theLogNumbersEachBindingOnePerChangeSent(long seed, String room, LoggedEvents log,
            Map<String, Long> sentPerKey) {
        List<Seen> order = new ArrayList<>();
        Map<String, Long> numbered = new HashMap<>();
        for (LoggedEvents.Logged logged : log.events) {
            String key;
            Seen seen;
            if (logged.event() instanceof Event.ValueAccepted v) {
                key = v.vector().selector();
                seen = new Seen(key, v.serverSeq(), v.vector().newValue(), v.vector().source());
            } else if (logged.event() instanceof Event.TextCommitted t) {
                key = t.doc();
                seen = new Seen(key, t.revision(), String.valueOf(t.clientSeq()), t.author());
            } else {
                continue;
            }
            long expected = numbered.merge(key, 1L, Long::sum);
            assertEquals(expected, seen.number(), "seed " + seed + ": the log's change " + seen.number() + " of " + key
                    + " at position " + logged.position() + " comes as its change number " + expected);
            order.add(seen);
        }
        assertEquals(sentPerKey, numbered, "seed " + seed + ": changes in the log of room " + room
                + ", per binding and document, are those sent");
        return order;
    }

    /**
     * (b) A client learns of each change once, own ones by their ack and others' relayed, in the
     * log's order: per binding, and across the room's bindings and document.
     */
    private static void everyClientSawTheLogsOrder(long seed, Client client, List<Seen> logOrder) {
        for (String key : keys()) {
            List<Long> expected = logOrder.stream().filter(s -> s.key().equals(key)).map(Seen::number).toList();
            List<Long> saw = client.seen.stream().filter(s -> s.key().equals(key)).map(Seen::number).toList();
            assertEquals(expected, saw, "seed " + seed + ": " + client.id + " learnt of " + key
                    + "'s changes in this order (no gap, no repeat, no reordering)");
        }
        for (int i = 0; i < logOrder.size(); i++) {
            Seen inLog = logOrder.get(i);
            Seen saw = client.seen.get(i);
            assertEquals(inLog.key() + " " + inLog.number(), saw.key() + " " + saw.number(), "seed " + seed + ": "
                    + client.id + "'s change " + i + " of the room, across bindings, is the log's");
            if (saw.value() != null) {
                assertEquals(inLog.value(), saw.value(), "seed " + seed + ": " + client.id + ", " + saw.key() + " "
                        + saw.number());
                assertEquals(inLog.source(), saw.source(), "seed " + seed + ": " + client.id + ", " + saw.key() + " "
                        + saw.number());
            }
        }
        assertEquals(logOrder.size(), client.seen.size(), "seed " + seed + ": " + client.id + " learnt of every change once");
    }

    /** (c) A sender's acks increase in its send order per binding, and each names the log entry of its change. */
    private static void everyAckNamesTheSendersEntryInTheLog(long seed, Client client, Map<String, Seen> logged) {
        Map<String, Long> previous = new HashMap<>();
        client.sent.keySet().stream().sorted().forEach(seq -> {
            Sent sent = client.sent.get(seq);
            String key = sent.selector() == null ? DOC : sent.selector();
            long number = client.acks.get(seq);
            long before = previous.getOrDefault(key, 0L);
            assertTrue(number > before, "seed " + seed + ": " + client.id + "'s seq " + seq + " acknowledged as " + key
                    + " " + number + ", after its earlier change as " + before);
            previous.put(key, number);
            Seen inLog = logged.get(key + " " + number);
            assertNotNull(inLog, "seed " + seed + ": " + key + " " + number + " is in the log");
            if (sent.selector() != null) {
                assertEquals(new Seen(key, number, sent.value(), client.id), inLog, "seed " + seed + ": the log's " + key
                        + " " + number + " is " + client.id + "'s change of seq " + seq);
            } else {
                assertEquals(String.valueOf(seq), inLog.value(), "seed " + seed + ": the log's revision " + number
                        + " is " + client.id + "'s edit of seq " + seq);
            }
        });
    }

    /**
     * The edits relayed are the log's (as transformed by the hub), from the client whose ack named
     * the revision, and the log names one author per client.
     */
    private static void theRelayedEditsAreTheLoggedOnes(long seed, String room, List<Client> clients, LoggedEvents log) {
        Map<Long, String> ackedBy = new HashMap<>();
        for (Client client : clients) {
            client.sent.forEach((seq, sent) -> {
                if (sent.selector() == null) {
                    ackedBy.put(client.acks.get(seq), client.id);
                }
            });
        }
        Map<String, String> clientOfAuthor = new HashMap<>();
        for (Event.TextCommitted t : log.texts(room, DOC)) {
            String client = ackedBy.get(t.revision());
            assertEquals(client, clientOfAuthor.computeIfAbsent(t.author(), a -> client), "seed " + seed
                    + ": revision " + t.revision() + "'s author " + t.author());
            for (Client receiver : clients) {
                if (!receiver.id.equals(client)) {
                    assertEquals(t.operation(), receiver.relayedOps.get(t.revision()), "seed " + seed + ": "
                            + receiver.id + " got revision " + t.revision() + " as logged");
                    assertEquals(client, receiver.relayedEditSources.get(t.revision()), "seed " + seed + ": "
                            + receiver.id + " was told who made revision " + t.revision());
                }
            }
        }
        assertEquals(clientOfAuthor.size(), Set.copyOf(clientOfAuthor.values()).size(), "seed " + seed
                + ": one author per client " + clientOfAuthor);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(SELECTORS);
        keys.add(DOC);
        return keys;
    }
}
