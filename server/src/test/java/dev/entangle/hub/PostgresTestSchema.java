package dev.entangle.hub;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own in the test database, so that tests, and runs of them at the same time, never
 * see each other's rows; dropped, with everything in it, on close. The database is
 * {@code ENTANGLE_TEST_POSTGRES_URL} (a JDBC URL), or the one every development machine and CI run here.
 */
public final class PostgresTestSchema implements AutoCloseable {
    public static final String DATABASE_URL = System.getenv().getOrDefault("ENTANGLE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String name;

    private PostgresTestSchema(String name) {
        this.name = name;
    }

    /** Skips the calling test (or class) when the test database does not answer; fails it on CI. */
    public static void requireDatabase() {
        int query = DATABASE_URL.indexOf('?');
        RequiredService.require("PostgreSQL", query < 0 ? DATABASE_URL : DATABASE_URL.substring(0, query),
                "start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)"
                        + " or point ENTANGLE_TEST_POSTGRES_URL at one",
                () -> DriverManager.getConnection(DATABASE_URL).close());
    }

    /** Creates a new, empty schema. */
    public static PostgresTestSchema create(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + name);
        return new PostgresTestSchema(name);
    }

    public String name() {
        return name;
    }

    /** A PostgreSQL event log in a schema of its own (hubs sharing one log); closing it drops both. */
    public static final class SchemaLog implements AutoCloseable {
        private final PostgresTestSchema schema;
        private final dev.entangle.hub.store.EventLog log;

        private SchemaLog(PostgresTestSchema schema) {
            this.schema = schema;
            this.log = dev.entangle.hub.store.PostgresEventLog.open(schema.url());
        }

        public static SchemaLog open(String prefix) {
            return new SchemaLog(create(prefix));
        }

        public dev.entangle.hub.store.EventLog log() {
            return log;
        }

        @Override
        public void close() {
            log.close();
            schema.close();
        }
    }

    /** The test database's URL with this schema as the connections' current one. */
    public String url() {
        return DATABASE_URL + (DATABASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(DATABASE_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed in the test database: " + e.getMessage(), e);
        }
    }
}
