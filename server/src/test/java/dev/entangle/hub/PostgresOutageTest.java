package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.hub.store.PostgresEventLog;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node whose path to PostgreSQL breaks (the real database behind a TCP path the test cuts):
 * it acknowledges nothing while it cannot write — the change is refused with {@code storage_failed},
 * which a client sends again — says it is not ready, and takes changes again once the path is back.
 */
class PostgresOutageTest {

    @Test
    void aNodeThatLosesPostgresqlAcknowledgesNothingAndRecoversWhenItIsBack() throws Exception {
        PostgresTestSchema.requireDatabase();
        URI database = URI.create(PostgresTestSchema.DATABASE_URL.substring("jdbc:".length()));
        try (PostgresTestSchema schema = PostgresTestSchema.create("entangle_outage");
                CuttableProxy path = new CuttableProxy(database.getHost(), database.getPort());
                PostgresEventLog log = PostgresEventLog.open(schema.url().replace(
                        database.getHost() + ":" + database.getPort(), "127.0.0.1:" + path.port()))) {
            Hub hub = new Hub(new HubConfig(), log);
            HubPeer alice = new HubPeer(hub, "alice", "room");
            HubPeer bob = new HubPeer(hub, "bob", "room");
            alice.entangle("#v", "*", Mode.BIDIRECTIONAL);
            bob.entangle("#v", "*", Mode.BIDIRECTIONAL);
            alice.change("#v", "before");
            assertEquals(1L, assertInstanceOf(Message.Ack.class, alice.next()).serverSeq());

            path.cut();
            assertTrue(hub.unready().stream().anyMatch(r -> r.startsWith("event log:")), "GET /ready says why: "
                    + hub.unready());
            alice.change("#v", "during");
            assertEquals(ErrorCode.STORAGE_FAILED, alice.error().code(), "no ack for what was not written");

            path.restore();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!hub.unready().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), hub.unready(), "ready again once the database answers");
            alice.change("#v", "during"); // what a client does with storage_failed: send it again
            assertEquals(2L, assertInstanceOf(Message.Ack.class, alice.next()).serverSeq(),
                    "the refused change took no sequence number");
            assertEquals(List.of("before", "during"), bob.valuesReceived(), "nothing unwritten was ever relayed");
        }
    }
}
