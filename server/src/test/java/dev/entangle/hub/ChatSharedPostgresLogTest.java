package dev.entangle.hub;

import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.PostgresEventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The same two hubs, their log in the real PostgreSQL (a schema of its own): as two nodes of a cluster. */
class ChatSharedPostgresLogTest extends ChatSharedLogTest {
    private PostgresTestSchema schema;
    private EventLog log;

    @BeforeAll
    static void requireDatabase() {
        PostgresTestSchema.requireDatabase();
    }

    @Override
    protected EventLog openSharedLog() {
        schema = PostgresTestSchema.create("entangle_chat");
        log = PostgresEventLog.open(schema.url());
        return log;
    }

    @AfterEach
    void dropSchema() {
        log.close();
        schema.close();
    }
}
