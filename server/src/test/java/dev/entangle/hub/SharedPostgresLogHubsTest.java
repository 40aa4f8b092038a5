package dev.entangle.hub;

import dev.entangle.hub.store.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The same two hubs on one log, the log in the real PostgreSQL (a schema of its own): as two nodes of a cluster. */
class SharedPostgresLogHubsTest extends SharedLogHubsTest {
    private PostgresTestSchema.SchemaLog shared;

    @BeforeAll
    static void requireDatabase() {
        PostgresTestSchema.requireDatabase();
    }

    @Override
    protected EventLog openSharedLog() {
        shared = PostgresTestSchema.SchemaLog.open("entangle_hubs");
        return shared.log();
    }

    @AfterEach
    void dropSchema() {
        shared.close();
    }
}
