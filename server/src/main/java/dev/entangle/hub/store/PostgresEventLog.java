package dev.entangle.hub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The event log that several hub processes share: one PostgreSQL schema ({@code --event-log
 * jdbc:postgresql://HOST:PORT/DB?user=…&currentSchema=…}), its tables made and upgraded by Flyway from
 * {@code db/postgres/V*.sql}. Events are kept in {@link EventCodec}'s encoding, as in SQLite.
 *
 * <p><b>Who appends next to a room.</b> Another process may append to the same room at any moment,
 * so nothing here remembers a room's position: a commit first locks the {@code rooms} row of every
 * room it appends to (creating the rows of new rooms), in room order so that two commits never wait
 * for each other in a circle, and reads their last positions from those rows. An append whose
 * {@code expectedLast} differs is a {@link PositionConflict} and writes nothing, while the commit's
 * other appends go on; the rows of the rooms that moved are updated in the same transaction. The
 * lock is held until the transaction ends, so no writer, on this connection or another, moves a room
 * between the check and the commit. (The row lock, rather than a conditional {@code UPDATE … WHERE
 * last_position = ?}, so one statement both checks every room of a commit and names the position a
 * conflicting room is really at.)
 *
 * <p><b>Positions.</b> One sequence for the whole log, taken a block at a time by the
 * {@code reserve_positions} function, so one commit's events have consecutive positions even while
 * other processes write. A commit takes its block after locking its rooms, and the sequence only
 * grows, so a room's positions increase in the order its appends commit: that per-room order is
 * what the hub relies on. Across rooms it does not hold: a commit that took its block first may
 * become visible last, and a failed commit, or a conflicting append, leaves a gap. A reader that
 * followed the whole log by position would have to allow for both; the hub reads one room at a time.
 *
 * <p><b>Durable before acknowledged.</b> {@link #commit} returns once PostgreSQL has flushed the
 * transaction: {@code synchronous_commit} must be on (or stronger); a database where it is off is
 * refused when the log opens. A snapshot is one transaction: it moves the room's position, replaces
 * the stored snapshot unless that one is further on (another process may have taken a later one),
 * and deletes the room's events up to it. Reads ({@link #load}, {@link #replay}) see one moment of
 * the database (repeatable read), so a snapshot taken meanwhile by another process cannot hide
 * events from them. The epoch is written when the schema is created, so every process sharing the
 * schema reports the same one.
 */
public final class PostgresEventLog implements EventLog {
    /** A row's {@code encoding}: {@link EventCodec}'s JSON, the only one so far. */
    static final int EVENT_CODEC = 1;
    /** Migrations, in the jar: Flyway finds them on the class path. */
    static final String MIGRATIONS = "classpath:db/postgres";
    /** A hub writes through one committer (group commit) and reads a room when its first client arrives. */
    private static final int POOL_SIZE = 4;
    /** Rows read at a time while replaying, so a large log is never held in memory whole. */
    private static final int FETCH_SIZE = 1_000;

    /** How long an append waits for a connection to the database before it is refused. */
    static final int CONNECT_TIMEOUT_MS = 2_000;
    /** How long a statement waits for the database's answer before the append is refused. */
    static final int SOCKET_TIMEOUT_SECONDS = 30;
    private final HikariDataSource pool;
    private final String epoch;

    private PostgresEventLog(HikariDataSource pool, String epoch) {
        this.pool = pool;
        this.epoch = epoch;
    }

    /**
     * Connects to the database at {@code jdbcUrl}, brings its schema up to date and returns the log.
     * The URL is PostgreSQL JDBC's, whole: user, password, {@code currentSchema} and so on are its
     * parameters. The schema named by {@code currentSchema} is created if it does not exist.
     */
    public static PostgresEventLog open(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL event log needs a jdbc:postgresql: URL, got '"
                    + withoutParameters(jdbcUrl) + "'");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("entangle-event-log");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        // With the database gone, an append is refused (storage_failed) within seconds, not after a
        // long wait for a connection or an answer: clients keep the change and send it again.
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MS / 1000));
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
        // The room locks' checks rely on read committed: a writer that waited for a room's lock then
        // reads the room's newest position, where a stricter level would fail the transaction instead.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        String where = withoutParameters(jdbcUrl);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new EventLogException("cannot connect to the event log at " + where + ": " + e.getMessage(), e);
        }
        try {
            requireSynchronousCommit(pool, where);
            migrate(pool);
            return new PostgresEventLog(pool, readEpoch(pool));
        } catch (SQLException | FlywayException e) {
            pool.close();
            throw new EventLogException("cannot prepare the event log's tables at " + where + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The URL without its parameters, which may hold a password: for messages. */
    private static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    /** With synchronous_commit off, PostgreSQL acknowledges a commit it may still lose in a crash. */
    private static void requireSynchronousCommit(DataSource pool, String where) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
            r.next();
            String setting = r.getString(1);
            if (setting.equals("off")) {
                throw new EventLogException("the event log at " + where + " has synchronous_commit off: a change"
                        + " could be acknowledged and then lost in a crash; turn it on for this database"
                        + " (ALTER DATABASE … SET synchronous_commit = on) or this connection"
                        + " (options=-c%20synchronous_commit=on in the URL)", null);
            }
        }
    }

    /** Applies the migrations not yet applied to the schema; returns how many it applied. */
    static int migrate(DataSource pool) {
        return Flyway.configure(PostgresEventLog.class.getClassLoader())
                .dataSource(pool)
                .locations(MIGRATIONS)
                .load()
                .migrate()
                .migrationsExecuted;
    }

    private static String readEpoch(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'epoch'")) {
            if (!r.next()) {
                throw new SQLException("the meta table holds no epoch");
            }
            return r.getString(1);
        }
    }

    @Override
    public long lastPosition(String room) {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT last_position FROM rooms WHERE room = ?")) {
            s.setString(1, room);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot read the last position of room '" + room + "'", e);
        }
    }

    /** One query for all of them (the sweep of a node asks for every room it keeps). */
    @Override
    public Map<String, Long> lastPositions(Collection<String> rooms) {
        Map<String, Long> positions = new HashMap<>();
        for (String room : rooms) {
            positions.put(room, 0L);
        }
        if (rooms.isEmpty()) {
            return positions;
        }
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT room, last_position FROM rooms WHERE room = ANY(?)")) {
            s.setArray(1, c.createArrayOf("text", rooms.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    positions.put(r.getString(1), r.getLong(2));
                }
            }
            return positions;
        } catch (SQLException e) {
            throw new EventLogException("cannot read the last positions of " + rooms.size() + " rooms", e);
        }
    }

    /**
     * One transaction: lock the rooms, take a block of positions (as many as the appends' events, so
     * a conflicting append leaves its share unused), check each append against its room's position,
     * write the events of those that hold and move their rooms.
     */
    @Override
    public List<AppendOutcome> commit(List<Append> appends) {
        if (appends.isEmpty()) {
            return List.of();
        }
        int events = 0;
        for (Append append : appends) {
            events += append.events().size();
        }
        int reserved = events;
        return inTransaction("cannot append to the event log", c -> {
            Map<String, Long> positions = lockRooms(c, appends);
            long next = reservePositions(c, reserved) - reserved + 1;
            List<AppendOutcome> outcomes = new ArrayList<>(appends.size());
            Rows rows = new Rows(reserved);
            Map<String, Long> moved = new LinkedHashMap<>();
            for (Append append : appends) {
                long actual = positions.get(append.room());
                if (append.checked() && actual != append.expectedLast()) {
                    outcomes.add(new AppendOutcome.Conflicted(
                            new PositionConflict(append.room(), append.expectedLast(), actual)));
                    continue;
                }
                for (Event event : append.events()) {
                    rows.add(next++, event);
                }
                positions.put(append.room(), next - 1);
                moved.put(append.room(), next - 1);
                outcomes.add(new AppendOutcome.Appended(next - 1));
            }
            if (!moved.isEmpty()) {
                write(c, rows, moved);
            }
            return outcomes;
        });
    }

    /**
     * Locks the rows of the appends' rooms until the transaction ends, inserting those of rooms never
     * seen, and returns each room's last position. Rows are locked in room order, the same in every
     * process, so two commits sharing rooms never deadlock.
     */
    private static Map<String, Long> lockRooms(Connection c, List<Append> appends) throws SQLException {
        String[] rooms = appends.stream().map(Append::room).distinct().toArray(String[]::new);
        // DO UPDATE, not DO NOTHING: it locks an existing row too, and RETURNING then reads its newest position.
        try (PreparedStatement s = c.prepareStatement("INSERT INTO rooms (room, last_position)"
                + " SELECT room, 0 FROM unnest(?::text[]) AS room ORDER BY room"
                + " ON CONFLICT (room) DO UPDATE SET last_position = rooms.last_position"
                + " RETURNING room, last_position")) {
            s.setArray(1, c.createArrayOf("text", rooms));
            Map<String, Long> positions = new HashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    positions.put(r.getString(1), r.getLong(2));
                }
            }
            return positions;
        }
    }

    /** Takes {@code count} consecutive positions; returns the last. */
    private static long reservePositions(Connection c, int count) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT reserve_positions(?)")) {
            s.setInt(1, count);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The columns of the events a commit writes, one array each: the lot goes in one statement. */
    private static final class Rows {
        final List<Long> positions;
        final List<String> rooms;
        final List<String> kinds;
        final List<String> events;

        Rows(int capacity) {
            positions = new ArrayList<>(capacity);
            rooms = new ArrayList<>(capacity);
            kinds = new ArrayList<>(capacity);
            events = new ArrayList<>(capacity);
        }

        void add(long position, Event event) {
            positions.add(position);
            rooms.add(event.room());
            kinds.add(EventCodec.kind(event));
            events.add(EventCodec.encode(event));
        }
    }

    /** Inserts the events and moves their rooms to their last positions, in one statement. */
    private static void write(Connection c, Rows rows, Map<String, Long> moved) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("WITH written AS ("
                + " INSERT INTO events (position, room, kind, encoding, event)"
                + " SELECT position, room, kind, " + EVENT_CODEC + ", event"
                + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) AS e (position, room, kind, event))"
                + " UPDATE rooms SET last_position = moved.last_position"
                + " FROM unnest(?::text[], ?::bigint[]) AS moved (room, last_position)"
                + " WHERE rooms.room = moved.room")) {
            s.setArray(1, c.createArrayOf("bigint", rows.positions.toArray(new Long[0])));
            s.setArray(2, c.createArrayOf("text", rows.rooms.toArray(new String[0])));
            s.setArray(3, c.createArrayOf("text", rows.kinds.toArray(new String[0])));
            s.setArray(4, c.createArrayOf("text", rows.events.toArray(new String[0])));
            s.setArray(5, c.createArrayOf("text", moved.keySet().toArray(new String[0])));
            s.setArray(6, c.createArrayOf("bigint", moved.values().toArray(new Long[0])));
            s.executeUpdate();
        }
    }

    /**
     * One transaction, holding the room's row: the room's position moves up to {@code position} (never
     * back), the snapshot replaces the stored one unless that is further on, the events it covers go.
     */
    @Override
    public void snapshot(RoomSnapshot snapshot, long position) {
        String room = snapshot.room();
        inTransaction("cannot store the snapshot of room '" + room + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rooms (room, last_position) VALUES (?, ?)"
                    + " ON CONFLICT (room) DO UPDATE SET last_position = greatest(rooms.last_position,"
                    + " excluded.last_position)")) {
                s.setString(1, room);
                s.setLong(2, position);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO snapshots (room, position, state)"
                    + " VALUES (?, ?, ?) ON CONFLICT (room) DO UPDATE SET position = excluded.position,"
                    + " state = excluded.state WHERE snapshots.position <= excluded.position")) {
                s.setString(1, room);
                s.setLong(2, position);
                s.setString(3, snapshot.toJson());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM events WHERE room = ? AND position <= ?")) {
                s.setString(1, room);
                s.setLong(2, position);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void replay(Recovery into) {
        inReadTransaction("cannot read the event log", c -> {
            try (Statement s = c.createStatement()) {
                s.setFetchSize(FETCH_SIZE);
                try (ResultSet r = s.executeQuery("SELECT room, state, position FROM snapshots ORDER BY room")) {
                    while (r.next()) {
                        into.restore(RoomSnapshot.fromJson(r.getString(1), r.getString(2)), r.getLong(3));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT e.position, e.room, e.encoding, e.event FROM events e"
                        + " LEFT JOIN snapshots s ON s.room = e.room WHERE s.position IS NULL OR e.position > s.position"
                        + " ORDER BY e.position")) {
                    while (r.next()) {
                        into.apply(decode(r.getLong(1), r.getString(2), r.getInt(3), r.getString(4)), r.getLong(1));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void load(String room, Recovery into) {
        loadAfter(room, Long.MIN_VALUE, into);
    }

    /** Only what follows {@code known}: a node following another's appends reads just those (and a newer snapshot). */
    @Override
    public void loadAfter(String room, long known, Recovery into) {
        inReadTransaction("cannot read room '" + room + "' from the event log", c -> {
            long after = Math.max(known, 0);
            try (PreparedStatement s = c.prepareStatement("SELECT state, position FROM snapshots WHERE room = ?"
                    + " AND position > ?")) {
                s.setString(1, room);
                s.setLong(2, known);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        after = r.getLong(2);
                        into.restore(RoomSnapshot.fromJson(room, r.getString(1)), after);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT position, encoding, event FROM events"
                    + " WHERE room = ? AND position > ? ORDER BY position")) {
                s.setFetchSize(FETCH_SIZE);
                s.setString(1, room);
                s.setLong(2, after);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        into.apply(decode(r.getLong(1), room, r.getInt(2), r.getString(3)), r.getLong(1));
                    }
                }
            }
            return null;
        });
    }

    /** A row that does not read back stops the read: going on without it would silently lose what it held. */
    private static Event decode(long position, String room, int encoding, String stored) {
        if (encoding != EVENT_CODEC) {
            throw new EventLogException("event " + position + " of room '" + room + "' is in encoding " + encoding
                    + ", which this hub does not know (1 only): was it written by a newer version?", null);
        }
        try {
            return EventCodec.decode(room, stored);
        } catch (IllegalArgumentException e) {
            throw new EventLogException("event " + position + " of room '" + room + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** Every process's events: counted in the database, so it costs a scan of the events table. */
    @Override
    public long size() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new EventLogException("cannot count the events of the event log", e);
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public void close() {
        pool.close();
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction on a connection of its own; all of it or none. */
    private <T> T inTransaction(String failure, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new EventLogException(failure + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in a read-only transaction that sees the database as it was when it began. */
    private <T> T inReadTransaction(String failure, Work<T> work) {
        return inTransaction(failure, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            return work.run(c);
        });
    }
}
