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
import java.util.List;
import java.util.UUID;

/**
 * The embedded event log: one SQLite file ({@code entangle.db}) in the hub's data directory,
 * written ahead (WAL) with {@code synchronous=FULL}, so an append has reached the disk when it
 * returns and survives the process being killed, or the machine losing power. Each event is
 * stored as the protocol frame that describes it (a {@code mutation} or a {@code text-op}), read
 * back through the same codec as the wire. A room's snapshot replaces its events before it, in the
 * same transaction.
 */
public final class SqliteEventLog implements EventLog {
    public static final String FILE_NAME = "entangle.db";

    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement saveSnapshot;
    private final PreparedStatement compact;
    private final String epoch;
    private long size;

    private SqliteEventLog(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            // AUTOINCREMENT: positions are never reused, even after compaction emptied the table.
            s.execute("CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
                    + " room TEXT NOT NULL, audience TEXT, frame TEXT NOT NULL)");
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
        insert = db.prepareStatement("INSERT INTO events (kind, room, audience, frame) VALUES (?, ?, ?, ?)");
        saveSnapshot = db.prepareStatement("INSERT OR REPLACE INTO snapshots (room, position, state) VALUES (?, ?, ?)");
        compact = db.prepareStatement("DELETE FROM events WHERE room = ? AND position <= ?");
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
    public synchronized long append(Event event) {
        try {
            long position = insert(event);
            size++;
            return position;
        } catch (SQLException e) {
            throw new EventLogException("cannot append to the event log", e);
        }
    }

    /** One transaction, so one sync to disk for the lot; all of them or none. */
    @Override
    public synchronized long appendAll(List<Event> events) {
        return inTransaction(() -> {
            long position = -1;
            for (Event event : events) {
                position = insert(event);
            }
            size += events.size();
            return position;
        }, "cannot append to the event log");
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
    }

    private interface Work {
        long run() throws SQLException;
    }

    private long inTransaction(Work work, String failure) {
        long sizeBefore = size;
        try {
            db.setAutoCommit(false);
            try {
                long result = work.run();
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

    private long insert(Event event) throws SQLException {
        if (event instanceof Event.ValueAccepted v) {
            insert.setString(1, "value");
            insert.setString(3, v.audience().wire());
            insert.setString(4, MessageCodec.encode(new Message.Mutation(v.vector(), v.serverSeq())));
        } else if (event instanceof Event.OwnershipChanged o) {
            insert.setString(1, "ownership");
            insert.setString(3, null);
            insert.setString(4, MessageCodec.encode(new Message.Ownership(o.selector(), o.owner(), null)));
        } else if (event instanceof Event.OperationApplied o) {
            insert.setString(1, "operation");
            insert.setString(3, null);
            insert.setString(4, o.toJson());
        } else {
            Event.TextCommitted t = (Event.TextCommitted) event;
            insert.setString(1, "text");
            insert.setString(3, null);
            insert.setString(4, MessageCodec.encode(
                    new Message.TextOp(t.clientSeq(), t.doc(), t.revision(), t.operation(), t.author())));
        }
        insert.setString(2, event.room());
        insert.executeUpdate(); // in auto-commit mode, one durable transaction
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT last_insert_rowid()")) {
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
            try (ResultSet r = s.executeQuery("SELECT e.position, e.kind, e.room, e.audience, e.frame FROM events e"
                    + " LEFT JOIN snapshots s ON s.room = e.room WHERE s.position IS NULL OR e.position > s.position"
                    + " ORDER BY e.position")) {
                while (r.next()) {
                    into.apply(decode(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)),
                            r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot read the event log", e);
        }
    }

    @Override
    public synchronized void load(String room, Recovery into) {
        try (PreparedStatement snapshot = db.prepareStatement("SELECT state, position FROM snapshots WHERE room = ?");
                PreparedStatement events = db.prepareStatement("SELECT position, kind, audience, frame FROM events"
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
                    into.apply(decode(r.getLong(1), r.getString(2), room, r.getString(3), r.getString(4)), r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot read room '" + room + "' from the event log", e);
        }
    }

    /** A row that does not read back stops the replay: starting without it would silently lose what it held. */
    private static Event decode(long position, String kind, String room, String audience, String frame) {
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
            saveSnapshot.close();
            compact.close();
            db.close();
        } catch (SQLException e) {
            throw new EventLogException("cannot close the event log", e);
        }
    }
}
