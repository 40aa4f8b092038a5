package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.entangle.hub.store.MemoryEventLog;
import dev.entangle.hub.store.PostgresEventLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line onto the hub's configuration: the event log's engine, the history kept, the operations registered. */
class MainFlagsTest {

    private static HubConfig parse(String... args) {
        HubConfig config = new HubConfig();
        Main.parse(args, config);
        return config;
    }

    @Test
    void theEventLogIsSqliteInTheDataDirectoryUnlessToldOtherwise() {
        HubConfig defaults = parse();
        assertNull(defaults.eventLog);
        assertEquals(Path.of("entangle-data"), defaults.dataDirectory);
        assertInstanceOf(MemoryEventLog.class, parse("--event-log", "memory").eventLog);
        HubConfig elsewhere = parse("--event-log", "sqlite:/var/lib/entangle");
        assertNull(elsewhere.eventLog);
        assertEquals(Path.of("/var/lib/entangle"), elsewhere.dataDirectory);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> parse("--event-log", "mongodb://x"));
        assertEquals("--event-log must be sqlite, sqlite:DIR, memory or a jdbc:postgresql: URL, got 'mongodb://x'",
                unknown.getMessage());
    }

    @Test
    void aPostgresqlUrlIsTheEventLogSharedBySeveralHubs() {
        PostgresTestSchema.requireDatabase();
        try (PostgresTestSchema schema = PostgresTestSchema.create("entangle_flags")) {
            HubConfig config = parse("--event-log", schema.url());
            try (var log = assertInstanceOf(PostgresEventLog.class, config.eventLog)) {
                assertEquals(0, log.size());
            }
        }
    }

    @Test
    void aBackplaneJoinsOnlyNodesThatShareAPostgresqlLog() {
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> parse("--event-log", "memory", "--backplane", "redis://127.0.0.1:6379"));
        assertEquals("--backplane joins nodes that share their event log: give them all the same --event-log"
                + " jdbc:postgresql:… URL", alone.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("--backplane", "http://127.0.0.1:6379"));
        assertEquals("n1", parse("--node-id", "n1").nodeId);
        assertEquals("single", parse().nodeId);
    }

    @Test
    void snapshotsAndTextHistoryAreSetFromTheirFlags() {
        HubConfig config = parse("--snapshot-every", "500", "--text-history", "0");
        assertEquals(500, config.snapshotEvery);
        assertEquals(0, config.textHistory);
    }

    @Test
    void theStandaloneHubRegistersTheDemosTodoOperationsFoundOnItsClassPath() {
        for (HubConfig config : List.of(parse(), parse("--demo"))) {
            assertNotNull(config.mutators.get("addTodo"));
            assertNotNull(config.mutators.get("moveTodo"));
            assertEquals(List.of("title", "id"), config.parameters.get("addTodo"));
            assertEquals("a todo needs a title", config.entityRules.get("todo").problem("t-1", Map.of()));
        }
    }
}
