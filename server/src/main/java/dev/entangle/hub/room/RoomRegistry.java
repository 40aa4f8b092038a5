package dev.entangle.hub.room;

import dev.entangle.hub.HubConfig;
import dev.entangle.hub.HubStats;
import dev.entangle.hub.backplane.Backplane;
import dev.entangle.hub.store.Event;
import dev.entangle.hub.store.EventLog;
import dev.entangle.hub.store.EventLogException;
import dev.entangle.hub.store.GroupCommitLog;
import dev.entangle.hub.store.PositionConflict;
import dev.entangle.hub.store.RoomSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms this hub keeps: each read back from the event log the first time it is used (its
 * snapshot, then its events after it, each handed to the feature that owns it), each with its
 * {@link RoomPipeline} writing its rounds to the log; snapshotted every {@code snapshotEvery}
 * events; forgotten when nothing is left in it.
 */
public final class RoomRegistry {
    private static final Logger log = LoggerFactory.getLogger(RoomRegistry.class);

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final HubConfig config;
    private final HubStats stats;
    private final GroupCommitLog events;
    private final List<Feature> features;
    private final Backplane backplane;
    // Takes over a busy room's pipeline from the connection that started it, once that one's own change is done.
    private final ExecutorService drainers = Executors.newCachedThreadPool(new DrainerThreads());

    public RoomRegistry(HubConfig config, HubStats stats, GroupCommitLog events, List<Feature> features,
            Backplane backplane) {
        this.config = config;
        this.stats = stats;
        this.events = events;
        this.features = features;
        this.backplane = backplane;
    }

    /** The room {@code name}, read back from the event log the first time it is used: a start reads no room. */
    public Room room(String name) {
        return rooms.computeIfAbsent(name, this::load);
    }

    /** The room {@code name} as kept now, or null (nothing is made or read). */
    public Room existing(String name) {
        return rooms.get(name);
    }

    /** Whether a client may use room {@code name}: it is kept already, or there is room for one more. */
    public boolean admits(String name) {
        return rooms.containsKey(name) || rooms.size() < config.maxRooms;
    }

    public Collection<Room> all() {
        return rooms.values();
    }

    public int size() {
        return rooms.size();
    }

    /** A room without members, state or queued changes does not count against maxRooms. Hold the room's lock. */
    public void forgetIfEmpty(Room room) {
        if (room.isEmpty()) {
            rooms.remove(room.name(), room);
        }
    }

    private Room load(String name) {
        Room room = new Room(name);
        room.attach(new RoomPipeline(room, this::append, this::appended, drainers, backplane, this::follow));
        events.load(name, new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                room.snapshotAt(position);
                for (Feature feature : features) {
                    feature.restore(room, snapshot);
                }
            }

            @Override
            public void apply(Event event, long position) {
                replay(room, event);
                room.logged(position);
            }
        });
        for (Feature feature : features) {
            feature.loaded(room);
        }
        if (backplane.shared()) {
            backplane.askRoster(name); // the other nodes' members of it are announced to this one
        }
        return room;
    }

    private void replay(Room room, Event event) {
        for (Feature feature : features) {
            if (feature.replay(room, event)) {
                return;
            }
        }
        throw new IllegalStateException("no feature reads back " + event.getClass().getSimpleName());
    }

    /**
     * Makes a round of {@code room}'s events durable (with group commit, in one transaction with other
     * rooms' rounds), at the position this hub knows the room to be: a log that moved past it means
     * another writer appended to the room, and the round is refused rather than written out of order.
     */
    private long append(Room room, long expectedLast, List<Event> batch) {
        long started = System.nanoTime();
        try {
            long last = events.append(room.name(), expectedLast, batch);
            stats.appended(System.nanoTime() - started);
            return last;
        } catch (PositionConflict e) {
            log.debug("room {} moved on in the event log without this hub: {}", room.name(), e.getMessage());
            throw e;
        }
    }

    /**
     * Reads what other hubs appended to {@code room} since its last position and hands each event to
     * the feature that owns it, to apply and publish (holding the room's lock, nothing staged). A room
     * that fell behind a snapshot another hub took cannot follow event by event: that is an error
     * (its round is refused after its retries; the room is read again once everyone left).
     */
    private void follow(Room room) {
        events.loadAfter(room.name(), room.lastPosition(), new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                throw new EventLogException("room '" + room.name() + "' is at position " + room.lastPosition()
                        + ", behind a snapshot at " + position + " that another hub took", null);
            }

            @Override
            public void apply(Event event, long position) {
                for (Feature feature : features) {
                    if (feature.follow(room, event)) {
                        room.logged(position);
                        return;
                    }
                }
                throw new IllegalStateException("no feature follows " + event.getClass().getSimpleName());
            }
        });
    }

    /** After a round was applied (holding the room's lock): where the room stands in the log; a snapshot when due. */
    private void appended(Room room, int count, long lastPosition) {
        if (lastPosition < 0) {
            return;
        }
        backplane.moved(room.name(), lastPosition);
        for (int i = 0; i < count; i++) {
            room.logged(lastPosition);
        }
        if (room.eventsSinceSnapshot() >= config.snapshotEvery) {
            snapshot(room);
        }
    }

    /**
     * Snapshots {@code room} (holding its lock, nothing staged), each feature giving its part: the log
     * drops the room's events before the snapshot.
     */
    private void snapshot(Room room) {
        try {
            SnapshotParts parts = new SnapshotParts();
            for (Feature feature : features) {
                feature.snapshot(room, parts);
            }
            events.snapshot(parts.toSnapshot(room.name()), room.lastPosition());
        } catch (EventLogException e) {
            // The events are still in the log: nothing is lost, the restart is only longer.
            log.warn("could not snapshot room {}", room.name(), e);
        } finally {
            room.snapshotAt(room.lastPosition()); // the next try comes snapshotEvery events later
        }
    }

    /** Snapshots every room with events since its last snapshot (at a graceful stop, so the next start is quick). */
    public void snapshotAll() {
        for (Room room : rooms.values()) {
            room.pipeline().settled(() -> {
                if (room.eventsSinceSnapshot() > 0) {
                    snapshot(room);
                }
            });
        }
    }

    /** Changes waiting in the rooms' pipelines now. */
    public int queuedChanges() {
        int queued = 0;
        for (Room room : rooms.values()) {
            queued += room.pipeline().queued();
        }
        return queued;
    }

    /** Stops taking over pipelines (at shutdown; what runs finishes). */
    public void shutdown() {
        drainers.shutdown();
    }

    /** Daemon threads, named for thread dumps. */
    private static final class DrainerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable run) {
            Thread thread = new Thread(run, "entangle-room-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
