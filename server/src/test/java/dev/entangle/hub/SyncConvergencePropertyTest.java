package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.patch.JsonPatch;
import dev.entangle.core.store.VirtualTime;
import dev.entangle.core.sync.ConflictResolutionStrategy;
import dev.entangle.core.sync.MutationRefused;
import dev.entangle.core.sync.Mutators;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: random interleavings of local mutations, confirmations, refusals, server deltas, lost
 * frames and reconnects, for three replicas of one room against the real hub, always leave every
 * replica's state equal to the hub's once the queues drain, with nothing pending.
 */
class SyncConvergencePropertyTest {

    /** The same mutators on the clients and on the hub; "bump" reads before it writes, so rebases matter. */
    static Mutators mutators() {
        return Mutators.withEntityOperations()
                .register("set", (tx, args) -> {
                    Map<?, ?> a = (Map<?, ?>) args;
                    Map<String, Object> todo = new LinkedHashMap<>();
                    todo.put("title", a.get("title"));
                    tx.put("todo", (String) a.get("id"), todo);
                })
                .register("bump", (tx, args) -> {
                    Object counter = tx.get("counter", "c");
                    long n = counter == null ? 0 : (Long) ((Map<?, ?>) counter).get("n");
                    Map<String, Object> next = new LinkedHashMap<>();
                    next.put("n", n + 1);
                    tx.put("counter", "c", next);
                })
                .register("remove", (tx, args) -> tx.delete("todo", (String) ((Map<?, ?>) args).get("id")));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void everyReplicaEndsEqualToTheHub(long seed) throws Exception {
        for (ConflictResolutionStrategy strategy : List.of(ConflictResolutionStrategy.SERVER_WINS_REBASE,
                ConflictResolutionStrategy.LAST_WRITER_WINS_PER_PATH)) {
            run(seed, strategy);
        }
    }

    private void run(long seed, ConflictResolutionStrategy strategy) throws Exception {
        Random random = new Random(seed);
        HubConfig config = new HubConfig();
        config.syncHistory = 20; // small, so catching up sometimes needs the whole state
        config.mutators.register("set", mutators().get("set")).register("bump", mutators().get("bump"))
                .register("remove", mutators().get("remove"));
        config.entityRule("todo", (id, entity) -> ((String) ((Map<?, ?>) entity).get("title")).startsWith("bad")
                ? "no bad titles" : null);
        Hub hub = new Hub(config);
        VirtualTime time = new VirtualTime();
        List<InProcessSyncClient> clients = new ArrayList<>();
        for (String name : List.of("ann", "bob", "cy")) {
            clients.add(new InProcessSyncClient(hub, name, "props", mutators(), time, strategy));
        }
        for (int step = 0; step < 600; step++) {
            InProcessSyncClient client = clients.get(random.nextInt(clients.size()));
            int action = random.nextInt(100);
            if (action < 30) {
                mutate(client, random);
            } else if (action < 55) {
                client.deliverToHub();
            } else if (action < 85) {
                client.deliverFromHub();
            } else if (action < 95) {
                time.advance(random.nextInt(150));
            } else if (action < 98) {
                client.disconnect();
                client.reconnect();
            } else {
                time.advance(1_000);
            }
        }
        drain(clients, time);
        Object truth = hub.sync().state(roomOf(hub, "props")).state().toJson();
        long refused = clients.stream().mapToLong(c -> c.verdicts.values().stream().filter(e -> e != null).count()).sum();
        long applied = clients.stream().mapToLong(c -> c.verdicts.values().stream().filter(e -> e == null).count()).sum();
        assertTrue(refused > 0 && applied > 20, "the run exercised refusals (" + refused + ") and changes (" + applied + ")");
        for (InProcessSyncClient client : clients) {
            assertTrue(client.engine.coordinator().getPendingPatches().isEmpty(), "seed " + seed + ": pending left");
            assertTrue(client.engine.flush().getQueuedChanges().isEmpty(), "seed " + seed + ": queue left");
            assertTrue(JsonPatch.same(truth, client.engine.state().toJson()),
                    "seed " + seed + " " + strategy + ": " + client.engine.state().toJson() + " vs " + truth);
        }
    }

    private static void mutate(InProcessSyncClient client, Random random) {
        String id = "t" + random.nextInt(6);
        try {
            switch (random.nextInt(4)) {
                case 0 -> client.engine.mutate("set", Map.of("id", id, "title",
                        (random.nextInt(5) == 0 ? "bad " : "") + "title " + random.nextInt(100)));
                case 1 -> client.engine.mutate("bump", null);
                case 2 -> client.engine.mutate("remove", Map.of("id", id));
                default -> client.engine.mutate(Mutators.UPSERT, Map.of("type", "note", "id", id, "entity",
                        Map.of("text", "n" + random.nextInt(10))));
            }
        } catch (MutationRefused e) {
            throw new AssertionError(e);
        }
    }

    /** Delivers everything and lets every timer run until nothing moves. */
    static void drain(List<InProcessSyncClient> clients, VirtualTime time) {
        for (int round = 0; round < 10_000; round++) {
            boolean moved = false;
            for (InProcessSyncClient client : clients) {
                while (client.deliverToHub() || client.deliverFromHub()) {
                    moved = true;
                }
            }
            if (!moved) {
                boolean idle = time.idle();
                time.advance(1_000);
                if (idle && clients.stream().allMatch(InProcessSyncClient::quiet)) {
                    return;
                }
            }
        }
        throw new AssertionError("the clients never went quiet");
    }

    static dev.entangle.hub.room.Room roomOf(Hub hub, String name) {
        return hub.roomForHttp(name);
    }
}
