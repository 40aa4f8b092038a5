package dev.entangle.hub.store;

import dev.entangle.core.mutation.Target;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.patch.PatchException;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The embedded event log: one SQLite file ({@code entangle.db}) in the hub's data directory,
 * written ahead (WAL) with {@code synchronous=FULL}, so an append has reached the disk when it
 * returns and survives the process being killed, or the machine losing power. Each event is
 * stored in the log's own encoding ({@link EventCodec}, {@code encoding} 1); rows written before
 * it hold the protocol frame that described the event ({@code encoding} 0) and are still read, through
 * the wire codec. A room's snapshot replaces its events before it, in the same transaction.
 *
 * <p>A data directory belongs to one hub process, so the log keeps each room's last position in
 * memory once it has read it (a bounded cache: a room it dropped is read again, from the index on
 * {@code (room, position)}); checking an append's expected position then costs no query.
 */
public final class SqliteEventLog implements EventLog {
    public static final String FILE_NAME = "entangle.db";

    /** A row's {@code encoding}: the protocol frame that described the event, as rows were written before 1. */
    static final int WIRE_FRAME = 0;
    /** A row's {@code encoding}: {@link EventCodec}'s JSON. */
    static final int EVENT_CODEC = 1;
    /** How many rooms' last positions are kept in memory; beyond, the least recently used is read again when needed. */
    private static final int CACHED_ROOMS = 100_000;

    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement lastInserted;
    private final PreparedStatement lastOfRoom;
    private final PreparedStatement saveSnapshot;
    private final PreparedStatement compact;
    private final String epoch;
    private final Map<String, Long> lastPositions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHED_ROOMS;
        }
    };
    private long size;

    private SqliteEventLog(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            // AUTOINCREMENT: positions are never reused, even after compaction emptied the table.
            // frame: the stored event, in the row's encoding (the name is from when every row was a wire frame).
            s.execute("CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
                    + " room TEXT NOT NULL, audience TEXT, frame TEXT NOT NULL, encoding INTEGER NOT NULL DEFAULT 0)");
            if (!hasColumn(s, "events", "encoding")) {
                // A file from before the log's own encoding: its rows are wire frames, as the default says.
                s.execute("ALTER TABLE events ADD COLUMN encoding INTEGER NOT NULL DEFAULT " + WIRE_FRAME);
            }
            // A room is loaded on its own when its first client arrives: its events by position.
            s.execute("CREATE INDEX IF NOT EXISTS events_by_room ON events (room, position)");
            s.execute("CREATE TABLE IF NOT EXISTS snapshots (room TEXT PRIMARY KEY, position INTEGER NOT NULL,"
                    + " state TEXT NOT NULL)");
            s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', '" + UUID.randomUUID() + "')");
            try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'epoch'")) {
                r.next();
                epoch = r.getString(1);
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
                r.next();
                size = r.getLong(1);
            }
        }
        insert = db.prepareStatement("INSERT INTO events (kind, room, frame, encoding) VALUES (?, ?, ?, " + EVENT_CODEC
                + ")");
        lastInserted = db.prepareStatement("SELECT last_insert_rowid()");
        // Both sides are one look-up: the newest event through the (room, position) index, the snapshot by its key.
        lastOfRoom = db.prepareStatement("SELECT max(coalesce((SELECT max(position) FROM events WHERE room = ?1), 0),"
                + " coalesce((SELECT position FROM snapshots WHERE room = ?1), 0))");
        saveSnapshot = db.prepareStatement("INSERT OR REPLACE INTO snapshots (room, position, state) VALUES (?, ?, ?)");
        compact = db.prepareStatement("DELETE FROM events WHERE room = ? AND position <= ?");
    }

    private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                if (r.getString("name").equals(column)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Opens (or creates) the log in {@code directory}, creating the directory when needed. */
    public static SqliteEventLog open(Path directory) {
        try {
            Files.createDirectories(directory);
            return new SqliteEventLog(DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(FILE_NAME)));
        } catch (IOException | SQLException e) {
            throw new EventLogException("cannot open the event log in " + directory.toAbsolutePath(), e);
        }
    }

    @Override
    public synchronized long lastPosition(String room) {
        try {
            return lastPositionOf(room);
        } catch (SQLException e) {
            throw new EventLogException("cannot read the last position of room '" + room + "'", e);
        }
    }

    /** The cached position, or the one read from the file (which is then cached: it is committed). */
    private long lastPositionOf(String room) throws SQLException {
        Long cached = lastPositions.get(room);
        if (cached != null) {
            return cached;
        }
        lastOfRoom.setString(1, room);
        long last;
        try (ResultSet r = lastOfRoom.executeQuery()) {
            r.next();
            last = r.getLong(1);
        }
        lastPositions.put(room, last);
        return last;
    }

    /**
     * One transaction, so one sync to disk for the lot; all of it or none. Each append's expectation
     * is checked in it, before its events are inserted; the last positions it moves are cached only
     * once it committed.
     */
    @Override
    public synchronized List<AppendOutcome> commit(List<Append> appends) {
        if (appends.isEmpty()) {
            return List.of();
        }
        Map<String, Long> moved = new HashMap<>();
        List<AppendOutcome> outcomes = inTransaction(() -> {
            List<AppendOutcome> out = new ArrayList<>(appends.size());
            for (Append append : appends) {
                if (append.checked()) {
                    Long earlier = moved.get(append.room());
                    long actual = earlier != null ? earlier : lastPositionOf(append.room());
                    if (actual != append.expectedLast()) {
                        out.add(new AppendOutcome.Conflicted(
                                new PositionConflict(append.room(), append.expectedLast(), actual)));
                        continue;
                    }
                }
                long position = insertAll(append.events());
                size += append.events().size();
                moved.put(append.room(), position);
                out.add(new AppendOutcome.Appended(position));
            }
            return out;
        }, "cannot append to the event log");
        lastPositions.putAll(moved);
        return outcomes;
    }

    /** The snapshot and the deletion of the events it replaces are one transaction. */
    @Override
    public synchronized void snapshot(RoomSnapshot snapshot, long position) {
        inTransaction(() -> {
            saveSnapshot.setString(1, snapshot.room());
            saveSnapshot.setLong(2, position);
            saveSnapshot.setString(3, snapshot.toJson());
            saveSnapshot.executeUpdate();
            compact.setString(1, snapshot.room());
            compact.setLong(2, position);
            size -= compact.executeUpdate();
            return position;
        }, "cannot store the snapshot of room '" + snapshot.room() + "'");
        // A room not cached is read when needed, and the snapshot is in the file by then.
        lastPositions.computeIfPresent(snapshot.room(), (room, last) -> Math.max(last, position));
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Work<T> work, String failure) {
        long sizeBefore = size;
        try {
            db.setAutoCommit(false);
            try {
                T result = work.run();
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                size = sizeBefore;
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new EventLogException(failure, e);
        }
    }

    /**
     * Inserts {@code events} as one batch; returns the position of the last (-1 for none). One
     * writer holds the file, so the batch's positions follow each other and only the last is read.
     */
    private long insertAll(List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return -1;
        }
        for (Event event : events) {
            insert.setString(1, EventCodec.kind(event));
            insert.setString(2, event.room());
            insert.setString(3, EventCodec.encode(event));
            insert.addBatch();
        }
        insert.executeBatch();
        try (ResultSet r = lastInserted.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public synchronized void replay(Recovery into) {
        try (Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT room, state, position FROM snapshots ORDER BY room")) {
                while (r.next()) {
                    into.restore(RoomSnapshot.fromJson(r.getString(1), r.getString(2)), r.getLong(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT e.position, e.kind, e.room, e.audience, e.frame, e.encoding FROM events e"
                    + " LEFT JOIN snapshots s ON s.room = e.room WHERE s.position IS NULL OR e.position > s.position"
                    + " ORDER BY e.position")) {
                while (r.next()) {
                    into.apply(decode(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getInt(6)), r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot read the event log", e);
        }
    }

    @Override
    public synchronized void load(String room, Recovery into) {
        try (PreparedStatement snapshot = db.prepareStatement("SELECT state, position FROM snapshots WHERE room = ?");
                PreparedStatement events = db.prepareStatement("SELECT position, kind, audience, frame, encoding FROM events"
                        + " WHERE room = ? AND position > ? ORDER BY position")) {
            long after = 0;
            snapshot.setString(1, room);
            try (ResultSet r = snapshot.executeQuery()) {
                if (r.next()) {
                    after = r.getLong(2);
                    into.restore(RoomSnapshot.fromJson(room, r.getString(1)), after);
                }
            }
            events.setString(1, room);
            events.setLong(2, after);
            try (ResultSet r = events.executeQuery()) {
                while (r.next()) {
                    into.apply(decode(r.getLong(1), r.getString(2), room, r.getString(3), r.getString(4), r.getInt(5)),
                            r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot read room '" + room + "' from the event log", e);
        }
    }

    /** A row that does not read back stops the replay: starting without it would silently lose what it held. */
    private static Event decode(long position, String kind, String room, String audience, String frame, int encoding) {
        if (encoding == EVENT_CODEC) {
            try {
                return EventCodec.decode(room, frame);
            } catch (IllegalArgumentException e) {
                throw new EventLogException("event " + position + " of room '" + room + "' cannot be read: "
                        + e.getMessage(), e);
            }
        }
        if (encoding == WIRE_FRAME) {
            return decodeWireFrame(position, kind, room, audience, frame);
        }
        throw new EventLogException("event " + position + " of room '" + room + "' is in encoding " + encoding
                + ", which this hub does not know (0 and 1 only): was the file written by a newer version?", null);
    }

    /** A row written before the log had an encoding of its own: the protocol frame of its time. */
    private static Event decodeWireFrame(long position, String kind, String room, String audience, String frame) {
        try {
            if (kind.equals("operation")) {
                return Event.OperationApplied.fromJson(room, frame);
            }
            Message message = MessageCodec.decode(frame);
            if (kind.equals("value") && message instanceof Message.Mutation m && m.serverSeq() != null) {
                return new Event.ValueAccepted(room, m.vector(), m.serverSeq(), Target.parse(audience));
            }
            if (kind.equals("text") && message instanceof Message.TextOp t && t.seq() != null && t.source() != null) {
                return new Event.TextCommitted(room, t.doc(), t.revision(), t.source(), t.seq(), t.operation());
            }
            if (kind.equals("ownership") && message instanceof Message.Ownership o) {
                return new Event.OwnershipChanged(room, o.selector(), o.owner());
            }
            throw new EventLogException("event " + position + " of kind '" + kind + "' holds " + message.type(), null);
        } catch (ProtocolException | JsonException | PatchException | IllegalArgumentException e) {
            throw new EventLogException("event " + position + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public synchronized void close() {
        try {
            insert.close();
            lastInserted.close();
            lastOfRoom.close();
            saveSnapshot.close();
            compact.close();
            db.close();
        } catch (SQLException e) {
            throw new EventLogException("cannot close the event log", e);
        }
    }
}
