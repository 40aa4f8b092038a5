package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.hub.ScriptedRoomClient.Kind;
import dev.entangle.hub.ScriptedRoomClient.Seen;
import dev.entangle.hub.ScriptedRoomClient.Sent;
import dev.entangle.hub.store.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One order per room, whatever the interleaving: four clients of one room, each on its own thread
 * and following a script drawn from a fixed seed ({@link ScriptedRoomClient}), send changes of three
 * shared bindings (single {@code mutation}s and {@code mutations} frames), edits of one text
 * document and ownership moves of an owned binding (which its holder writes), several messages in
 * flight at once, to a hub process on SQLite. Once all is acknowledged and delivered, the hub's files
 * are copied as they are (what a crash at that moment would leave) and its log read from the copy.
 * Then, per binding, document and ownership token:
 * <ol>
 * <li>the log numbers the changes 1, 2, 3… in log order, one per change sent;</li>
 * <li>every client saw exactly that sequence — its own changes as acks, the others' relayed, every
 * ownership move announced — with the log's values, no gap, no repeat, nothing out of order; and
 * across bindings too, every client saw the room's changes in the log's order;</li>
 * <li>each sender's acks increase in its send order, and each names the log entry holding that
 * sender's change; every acknowledged transfer and release is a logged move.</li>
 * </ol>
 * A failure names its seed; the thread interleaving differs from run to run, the scripts do not.
 */
@Timeout(120)
class RoomOrderPropertyTest {
    private static final int CLIENTS = 4;
    private static final int STEPS = 60;

    /** One hub for every seed, each seed in a room of its own. */
    @TempDir
    static Path hubData;
    private static HubProcess hub;
    @TempDir
    Path crashed;

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
        List<ScriptedRoomClient> clients = new ArrayList<>();
        try {
            List<String> ids = IntStream.range(0, CLIENTS).mapToObj(c -> "c" + c).toList();
            for (String id : ids) { // c0 first: it binds the owned value first, so it gets the token
                clients.add(new ScriptedRoomClient(hub.url(), room, id,
                        ids.stream().filter(other -> !other.equals(id)).toList(), seed));
            }
            List<Thread> threads = new ArrayList<>();
            for (ScriptedRoomClient client : clients) {
                Thread thread = new Thread(() -> client.run(STEPS), "client-" + client.id);
                thread.setDaemon(true); // never keeps the JVM up, whatever the hub does
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(90_000);
                assertFalse(thread.isAlive(), "seed " + seed + ": " + thread.getName() + " still runs after 90 s");
            }
            for (ScriptedRoomClient client : clients) {
                assertTrue(client.problems.isEmpty(), "seed " + seed + ": " + client.problems);
            }
            // Each client's fence came after all its other changes: once every client has seen every
            // fence, it has been told of everything the room logged.
            for (ScriptedRoomClient client : clients) {
                long deadline = System.currentTimeMillis() + 10_000;
                while (client.count(ScriptedRoomClient.FENCE) < CLIENTS && System.currentTimeMillis() < deadline) {
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
        List<Seen> logOrder = theLogNumbersEachBindingOnePerChangeSent(seed, room, log, clients);
        Map<String, Seen> logged = new HashMap<>();
        logOrder.forEach(s -> logged.put(s.key() + " " + s.number(), s));
        for (ScriptedRoomClient client : clients) {
            assertTrue(client.problems.isEmpty(), "seed " + seed + ": " + client.problems);
            everyClientSawTheLogsOrder(seed, client, logOrder);
            everyAckNamesTheSendersEntryInTheLog(seed, client, logged);
        }
        theRelayedEditsAreTheLoggedOnes(seed, room, clients, log);
        everyAcknowledgedOwnershipMoveIsLogged(seed, clients, logOrder);
    }

    /**
     * (a) Per binding and document, the log's numbers are 1, 2, 3… in log order, one per change sent;
     * ownership moves are numbered in log order after the token's first grant. Returns the room's
     * changes in log order.
     */
    private static List<Seen> theLogNumbersEachBindingOnePerChangeSent(long seed, String room, LoggedEvents log,
            List<ScriptedRoomClient> clients) {
        List<Seen> order = new ArrayList<>();
        Map<String, Long> numbered = new HashMap<>();
        boolean granted = false;
        for (LoggedEvents.Logged logged : log.events) {
            Seen seen;
            if (logged.event() instanceof Event.ValueAccepted v) {
                seen = new Seen(v.vector().selector(), v.serverSeq(), v.vector().newValue(), v.vector().source());
            } else if (logged.event() instanceof Event.TextCommitted t) {
                seen = new Seen(t.doc(), t.revision(), String.valueOf(t.clientSeq()), t.author());
            } else if (logged.event() instanceof Event.OwnershipChanged o && !granted) {
                assertEquals("c0", o.owner(), "seed " + seed + ": the first to bind the owned value got its token");
                granted = true;
                continue;
            } else if (logged.event() instanceof Event.OwnershipChanged o) {
                long number = numbered.getOrDefault(ScriptedRoomClient.OWNER, 0L) + 1;
                seen = new Seen(ScriptedRoomClient.OWNER, number, String.valueOf(o.owner()), null);
            } else {
                continue;
            }
            long expected = numbered.merge(seen.key(), 1L, Long::sum);
            assertEquals(expected, seen.number(), "seed " + seed + ": the log's change " + seen.number() + " of "
                    + seen.key() + " at position " + logged.position() + " comes as its change number " + expected);
            order.add(seen);
        }
        Map<String, Long> sent = new HashMap<>();
        for (ScriptedRoomClient client : clients) {
            for (Sent s : client.sent.values()) {
                if (s.kind() == Kind.VALUE || s.kind() == Kind.EDIT) {
                    sent.merge(s.key(), 1L, Long::sum);
                }
            }
        }
        Map<String, Long> changes = new HashMap<>(numbered);
        changes.remove(ScriptedRoomClient.OWNER);
        assertEquals(sent, changes, "seed " + seed + ": changes in the log of room " + room
                + ", per binding and document, are those sent");
        return order;
    }

    /**
     * (b) A client learns of each change once, own ones by their ack and others' relayed, in the
     * log's order: per binding, and across the room's bindings and document.
     */
    private static void everyClientSawTheLogsOrder(long seed, ScriptedRoomClient client, List<Seen> logOrder) {
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
    private static void everyAckNamesTheSendersEntryInTheLog(long seed, ScriptedRoomClient client,
            Map<String, Seen> logged) {
        Map<String, Long> previous = new HashMap<>();
        client.sent.keySet().stream().sorted().filter(seq -> client.acks.containsKey(seq)).forEach(seq -> {
            Sent sent = client.sent.get(seq);
            String key = sent.key();
            long number = client.acks.get(seq);
            long before = previous.getOrDefault(key, 0L);
            assertTrue(number > before, "seed " + seed + ": " + client.id + "'s seq " + seq + " acknowledged as " + key
                    + " " + number + ", after its earlier change as " + before);
            previous.put(key, number);
            Seen inLog = logged.get(key + " " + number);
            assertNotNull(inLog, "seed " + seed + ": " + key + " " + number + " is in the log");
            if (sent.kind() == Kind.VALUE) {
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
    private static void theRelayedEditsAreTheLoggedOnes(long seed, String room, List<ScriptedRoomClient> clients,
            LoggedEvents log) {
        Map<Long, String> ackedBy = new HashMap<>();
        for (ScriptedRoomClient client : clients) {
            client.sent.forEach((seq, sent) -> {
                if (sent.kind() == Kind.EDIT) {
                    ackedBy.put(client.acks.get(seq), client.id);
                }
            });
        }
        Map<String, String> clientOfAuthor = new HashMap<>();
        for (Event.TextCommitted t : log.texts(room, ScriptedRoomClient.DOC)) {
            String client = ackedBy.get(t.revision());
            assertEquals(client, clientOfAuthor.computeIfAbsent(t.author(), a -> client), "seed " + seed
                    + ": revision " + t.revision() + "'s author " + t.author());
            for (ScriptedRoomClient receiver : clients) {
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

    /**
     * Every transfer and release the hub acknowledged is a logged move, and so is every move the
     * clients were told of (checked in order above); a request moves the token at most once.
     */
    private static void everyAcknowledgedOwnershipMoveIsLogged(long seed, List<ScriptedRoomClient> clients,
            List<Seen> logOrder) {
        long moves = logOrder.stream().filter(s -> s.key().equals(ScriptedRoomClient.OWNER)).count();
        long acknowledgedMoves = 0;
        long acknowledgedRequests = 0;
        for (ScriptedRoomClient client : clients) {
            for (Map.Entry<Long, Sent> e : client.sent.entrySet()) {
                if (e.getValue().kind() == Kind.OWN_MOVE) {
                    acknowledgedMoves++;
                } else if (e.getValue().kind() == Kind.OWN_REQUEST && client.ownAcks.contains(e.getKey())) {
                    acknowledgedRequests++;
                }
            }
        }
        assertTrue(moves >= acknowledgedMoves && moves <= acknowledgedMoves + acknowledgedRequests, "seed " + seed
                + ": " + moves + " ownership moves logged, " + acknowledgedMoves + " transfers and releases and "
                + acknowledgedRequests + " requests acknowledged");
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(ScriptedRoomClient.SHARED);
        keys.addAll(List.of(ScriptedRoomClient.OWNED, ScriptedRoomClient.FENCE, ScriptedRoomClient.DOC,
                ScriptedRoomClient.OWNER));
        return keys;
    }
}
