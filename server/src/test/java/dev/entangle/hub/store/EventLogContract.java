package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} engine promises the hub, whatever it stores events in: each engine's
 * test extends this with {@link #open()}. (Surviving a restart is the durable engines' own test.)
 */
abstract class EventLogContract {
    protected EventLog log;

    /** A new, empty log of the engine under test. */
    protected abstract EventLog open() throws Exception;

    @BeforeEach
    void openLog() throws Exception {
        log = open();
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    static Event value(String room, String value, long serverSeq) {
        return new Event.ValueAccepted(room, new MutationVector("#volume", MutationKind.PROPERTY, "value", null, value,
                "alice", serverSeq, 1_700_000_000_000L), serverSeq, Target.parse("*"));
    }

    static Event text(String room, long revision) {
        return new Event.TextCommitted(room, "notes", revision, "bob#tab-1", revision,
                TextOperation.splice((int) revision - 1, (int) revision - 1, 0, "x"));
    }

    /** What a replay hands back: each snapshot's room and position, then each event with its position. */
    record Replayed(List<String> snapshots, List<Event> events, List<Long> positions) {
    }

    static Replayed replayAll(EventLog log) {
        Replayed out = new Replayed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        log.replay(new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                out.snapshots().add(snapshot.room() + "@" + position);
            }

            @Override
            public void apply(Event event, long position) {
                out.events().add(event);
                out.positions().add(position);
            }
        });
        return out;
    }

    @Test
    void appendsReturnIncreasingPositionsAndComeBackInOrder() {
        List<Event> written = List.of(value("a", "1", 1), text("a", 1), value("b", "2", 1), text("a", 2));
        List<Long> positions = new ArrayList<>();
        for (Event event : written) {
            positions.add(log.append(event));
        }
        for (int i = 1; i < positions.size(); i++) {
            assertTrue(positions.get(i) > positions.get(i - 1), "positions increase: " + positions);
        }
        Replayed replayed = replayAll(log);
        assertEquals(written, replayed.events());
        assertEquals(positions, replayed.positions());
        assertEquals(4, log.size());
    }

    @Test
    void theEventsOfOneAppendAllHaveConsecutivePositionsEndingAtTheOneReturned() {
        log.append(value("a", "0", 1));
        long last = log.appendAll(List.of(value("a", "1", 2), value("a", "2", 3), text("b", 1)));
        Replayed replayed = replayAll(log);
        assertEquals(List.of(last - 2, last - 1, last), replayed.positions().subList(1, 4));
    }

    @Test
    void aSnapshotReplacesItsRoomsEventsUpToItsPositionAndNoOthers() {
        log.append(value("a", "1", 1));
        log.append(value("b", "1", 1));
        long position = log.append(value("a", "2", 2));
        log.append(value("a", "3", 3));
        log.snapshot(new RoomSnapshot("a", List.of(), List.of(), Map.of("#speed", "alice"), null), position);
        Replayed replayed = replayAll(log);
        assertEquals(List.of("a@" + position), replayed.snapshots());
        assertEquals(List.of(value("b", "1", 1), value("a", "3", 3)), replayed.events());
        assertEquals(2, log.size());
    }

    @Test
    void aRoomLoadsOnItsOwnItsSnapshotThenItsLaterEvents() {
        log.append(value("a", "1", 1));
        log.append(value("b", "1", 1));
        long position = log.append(value("a", "2", 2));
        long later = log.append(value("a", "3", 3));
        log.append(text("b", 1));
        log.snapshot(new RoomSnapshot("a", List.of(), List.of(), Map.of("#speed", "alice"), null), position);
        List<String> snapshots = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        log.load("a", new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long at) {
                snapshots.add(snapshot.room() + "@" + at + " " + snapshot.owners());
            }

            @Override
            public void apply(Event event, long at) {
                events.add(event);
                positions.add(at);
            }
        });
        assertEquals(List.of("a@" + position + " {#speed=alice}"), snapshots);
        assertEquals(List.of(value("a", "3", 3)), events);
        assertEquals(List.of(later), positions);
        List<Event> roomB = new ArrayList<>();
        log.load("b", new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long at) {
                throw new AssertionError("room b has no snapshot");
            }

            @Override
            public void apply(Event event, long at) {
                roomB.add(event);
            }
        });
        assertEquals(List.of(value("b", "1", 1), text("b", 1)), roomB);
    }

    @Test
    void theEpochNamesThisLogAndStaysTheSame() {
        String epoch = log.epoch();
        log.append(value("a", "1", 1));
        assertEquals(epoch, log.epoch());
        try (EventLog other = openOther()) {
            assertTrue(!epoch.equals(other.epoch()), "another log has another epoch");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A second, separate log of the same engine. */
    protected abstract EventLog openOther() throws Exception;
}
