package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.patch.JsonPatch;
import dev.entangle.core.patch.JsonPointer;
import dev.entangle.core.sync.AtomPatches;
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

    /**
     * The same log as a restarted hub finds it: a durable engine closes {@link #log} and opens its data
     * again; an engine that keeps nothing across a restart hands back the log it has.
     */
    protected EventLog reopen() throws Exception {
        return log;
    }

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

    static Event owner(String room, String owner) {
        return new Event.OwnershipChanged(room, "#speed", owner);
    }

    static AppendOutcome commitOne(EventLog log, String room, long expectedLast, Event... events) {
        return log.commit(List.of(new EventLog.Append(room, expectedLast, List.of(events)))).get(0);
    }

    static long lastOf(AppendOutcome outcome) {
        return assertInstanceOf(AppendOutcome.Appended.class, outcome).lastPosition();
    }

    @Test
    void aRoomTheLogHasNeverSeenIsAtPositionZero() {
        assertEquals(0, log.lastPosition("nowhere"));
        log.append(value("a", "1", 1));
        assertEquals(0, log.lastPosition("nowhere"));
    }

    @Test
    void aRoomsLastPositionIsThatOfItsNewestEvent() {
        log.append(value("a", "1", 1));
        long a = log.append(text("a", 1));
        long b = log.append(value("b", "1", 1));
        assertEquals(a, log.lastPosition("a"));
        assertEquals(b, log.lastPosition("b"));
    }

    @Test
    void severalRoomsLastPositionsReadTogetherAreEachRoomsOwn() {
        log.append(value("a", "1", 1));
        long a = log.append(text("a", 1));
        long b = log.append(value("b", "1", 1));
        assertEquals(java.util.Map.of("a", a, "b", b, "nowhere", 0L), log.lastPositions(List.of("a", "b", "nowhere")));
        assertEquals(java.util.Map.of(), log.lastPositions(List.of()));
    }

    @Test
    void anAppendAtTheRoomsLastPositionIsWrittenOnConsecutivePositionsAndMovesTheRoom() {
        long first = lastOf(commitOne(log, "a", 0, value("a", "1", 1)));
        assertEquals(first, log.lastPosition("a"));
        long last = lastOf(commitOne(log, "a", first, value("a", "2", 2), text("a", 1), owner("a", "alice")));
        assertEquals(last, log.lastPosition("a"));
        Replayed replayed = replayAll(log);
        assertEquals(List.of(value("a", "1", 1), value("a", "2", 2), text("a", 1), owner("a", "alice")),
                replayed.events());
        assertEquals(List.of(first, last - 2, last - 1, last), replayed.positions());
    }

    @Test
    void anAppendThatExpectsAnOlderPositionIsAConflictAndWritesNothing() {
        long mine = log.append(value("a", "1", 1));
        long theirs = log.append(value("a", "2", 2)); // another writer got there first
        AppendOutcome outcome = commitOne(log, "a", mine, value("a", "mine", 2), text("a", 1));
        PositionConflict conflict = assertInstanceOf(AppendOutcome.Conflicted.class, outcome).conflict();
        assertEquals("a", conflict.room());
        assertEquals(mine, conflict.expected());
        assertEquals(theirs, conflict.actual());
        assertTrue(conflict.getMessage().contains("'a'") && conflict.getMessage().contains(String.valueOf(mine))
                && conflict.getMessage().contains(String.valueOf(theirs)), conflict.getMessage());
        PositionConflict thrown = assertThrows(PositionConflict.class, outcome::lastPositionOrThrow);
        assertEquals(List.of("a", mine, theirs), List.of(thrown.room(), thrown.expected(), thrown.actual()));
        assertEquals(List.of(value("a", "1", 1), value("a", "2", 2)), replayAll(log).events());
        assertEquals(2, log.size());
        assertEquals(theirs, log.lastPosition("a"));
    }

    @Test
    void anAppendThatExpectsAPositionTheRoomHasNotReachedIsAConflict() {
        long last = log.append(value("a", "1", 1));
        PositionConflict conflict = assertInstanceOf(AppendOutcome.Conflicted.class,
                commitOne(log, "a", last + 5, value("a", "2", 2))).conflict();
        assertEquals(last, conflict.actual());
        PositionConflict unseen = assertInstanceOf(AppendOutcome.Conflicted.class,
                commitOne(log, "new", 3, value("new", "1", 1))).conflict();
        assertEquals(0, unseen.actual(), "a room never seen is at 0");
        assertEquals(1, log.size());
    }

    @Test
    void aConflictInOneRoomDoesNotStopAnotherRoomsAppendInTheSameCall() {
        long a = log.append(value("a", "1", 1));
        log.append(value("a", "2", 2));
        long b = log.append(value("b", "1", 1));
        List<AppendOutcome> outcomes = log.commit(List.of(
                new EventLog.Append("a", a, List.of(value("a", "stale", 2))),
                new EventLog.Append("b", b, List.of(value("b", "2", 2), text("b", 1))),
                new EventLog.Append("c", 0, List.of(owner("c", null)))));
        assertInstanceOf(AppendOutcome.Conflicted.class, outcomes.get(0));
        long bLast = lastOf(outcomes.get(1));
        long cLast = lastOf(outcomes.get(2));
        assertEquals(bLast, log.lastPosition("b"));
        assertEquals(cLast, log.lastPosition("c"));
        Replayed replayed = replayAll(log);
        assertEquals(List.of(value("a", "1", 1), value("a", "2", 2), value("b", "1", 1), value("b", "2", 2),
                text("b", 1), owner("c", null)), replayed.events());
        assertEquals(List.of(bLast - 1, bLast, cLast), replayed.positions().subList(3, 6));
    }

    @Test
    void twoAppendsOfOneRoomInOneCallChainTheSecondExpectingTheFirstsLast() {
        long before = log.append(value("b", "0", 1));
        long a = log.lastPosition("a");
        // The events of one call take consecutive positions: the first append ends at before + 2.
        List<AppendOutcome> outcomes = log.commit(List.of(
                new EventLog.Append("a", a, List.of(value("a", "1", 1), value("a", "2", 2))),
                new EventLog.Append("b", before, List.of(value("b", "1", 2))),
                new EventLog.Append("a", before + 2, List.of(text("a", 1)))));
        assertEquals(List.of(before + 2, before + 3, before + 4), outcomes.stream().map(EventLogContract::lastOf).toList());
        assertEquals(before + 4, log.lastPosition("a"));

        long now = log.lastPosition("a");
        List<AppendOutcome> stale = log.commit(List.of(
                new EventLog.Append("a", now, List.of(value("a", "3", 3))),
                new EventLog.Append("a", now, List.of(value("a", "again", 3)))));
        long written = lastOf(stale.get(0));
        PositionConflict conflict = assertInstanceOf(AppendOutcome.Conflicted.class, stale.get(1)).conflict();
        assertEquals(List.of(now, written), List.of(conflict.expected(), conflict.actual()),
                "the second append saw the room where the first of the same call left it");
        assertEquals(written, log.lastPosition("a"));
    }

    @Test
    void anAppendIsOneRoomsEventsAndAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new EventLog.Append("a", 0, List.of()));
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> new EventLog.Append("a", 0, List.of(value("a", "1", 1), value("b", "1", 1))));
        assertTrue(foreign.getMessage().contains("room 'b'"), foreign.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EventLog.Append("a", -2, List.of(value("a", "1", 1))));
        assertEquals(List.of(), log.commit(List.of()));
    }

    @Test
    void aSnapshotLeavesTheRoomAtLeastAtItsPosition() {
        long position = log.append(value("a", "1", 1));
        log.snapshot(new RoomSnapshot("a", List.of(), List.of()), position);
        assertEquals(position, log.lastPosition("a"), "the snapshot replaced the room's events, not its position");
        long later = log.append(value("b", "1", 1));
        log.snapshot(new RoomSnapshot("a", List.of(), List.of()), later); // past the room's newest event
        assertEquals(later, log.lastPosition("a"));
        assertInstanceOf(AppendOutcome.Conflicted.class, commitOne(log, "a", position, value("a", "2", 2)));
        long next = lastOf(commitOne(log, "a", later, value("a", "2", 2)));
        log.snapshot(new RoomSnapshot("a", List.of(), List.of()), later); // an older snapshot position
        assertEquals(next, log.lastPosition("a"), "a snapshot never takes the room back");
    }

    @Test
    void lastPositionsAreTheSameAfterReopening() throws Exception {
        long a = log.append(value("a", "1", 1));
        long b = log.append(value("b", "1", 1));
        log.snapshot(new RoomSnapshot("a", List.of(), List.of()), a);
        long snapshotOnly = log.append(value("s", "1", 1));
        log.snapshot(new RoomSnapshot("s", List.of(), List.of()), snapshotOnly);
        long aLater = lastOf(commitOne(log, "a", a, value("a", "2", 2)));
        log = reopen();
        assertEquals(aLater, log.lastPosition("a"));
        assertEquals(b, log.lastPosition("b"));
        assertEquals(snapshotOnly, log.lastPosition("s"), "a room whose events a snapshot replaced");
        assertEquals(0, log.lastPosition("nowhere"));
        assertInstanceOf(AppendOutcome.Conflicted.class, commitOne(log, "a", a, value("a", "stale", 2)));
        long bLater = lastOf(commitOne(log, "b", b, value("b", "2", 2)));
        assertTrue(bLater > aLater, "positions go on after the reopened log's last");
    }

    /** Values a careless encoding would lose: non-ASCII, surrogate pairs, quotes, empty strings, nulls, extremes. */
    static List<Event> awkwardEvents(String room) {
        String tricky = "é ü 中文 😀👍🏽 \"quoted\" \\ back/slash \n\t \u2028 \u0001";
        return List.of(
                new Event.ValueAccepted(room, new MutationVector("#x[data-k=\"é\"]", MutationKind.ATTRIBUTE, "title",
                        "", tricky, "alice😀", Long.MAX_VALUE, Long.MIN_VALUE), Long.MAX_VALUE, Target.parse("bob")),
                new Event.ValueAccepted(room, new MutationVector("#list", MutationKind.CHILDREN, null, null, null,
                        "", 0, 0), 1, Target.parse("user-*,team:red")),
                new Event.ValueAccepted(room, new MutationVector("#t", MutationKind.TEXT, null, tricky, "", "dave", -1,
                        1_700_000_000_000L), 2, Target.parse("*")),
                new Event.TextCommitted(room, "notes 😀", Long.MAX_VALUE - 1, "bob#tab-1", Long.MAX_VALUE,
                        TextOperation.builder().retain(3).insert("😀é\n\"").delete(2).retain(1).build()),
                new Event.TextCommitted(room, "", 1, "", 0, TextOperation.splice(0, 0, 0, "")),
                owner(room, null),
                owner(room, ""),
                owner(room, tricky),
                new Event.OperationApplied(room, Long.MAX_VALUE, "replica-é", 42, "carol😀",
                        AtomPatches.NONE, Long.MIN_VALUE),
                new Event.OperationApplied(room, 7, "r", 1, "erin", new AtomPatches(Map.of("todo",
                        List.of(JsonPatch.Operation.add(new JsonPointer(List.of("t1")), Map.of("title", tricky,
                                "done", false, "n", 9_007_199_254_740_993L, "none", "")),
                                JsonPatch.Operation.remove(new JsonPointer(List.of("t 0/é")))))),
                        1_700_000_000_000L),
                new Event.ChatChanged(room, "main", "send", "k8f2x0q1", 1, "alice😀", tricky, tricky + "<b>markup</b>",
                        null, Long.MAX_VALUE),
                new Event.ChatChanged(room, "c", "react", "k", Long.MAX_VALUE, "bob", null, null, "👍🏽", 0),
                new Event.ActivityNoted(room, new java.util.LinkedHashMap<>(Map.of("n", 301L, "type", "run", "actor",
                        "alice", "summary", tricky, "at", 1_700_000_000_000L, "passed", 42L, "nested",
                        Map.of("list", List.of(tricky, 9_007_199_254_740_993L, false))))));
    }

    /** Events compared by what they hold (a target by its wire form: not every kind of target has equals). */
    static List<Object> describe(List<Event> events) {
        return events.stream().map(e -> e instanceof Event.ValueAccepted v
                ? v.room() + " " + v.vector() + " " + v.serverSeq() + " " + v.audience().wire()
                : (Object) e).toList();
    }

    @Test
    void everyKindOfEventComesBackAsItWasWrittenAwkwardValuesIncluded() throws Exception {
        List<Event> written = awkwardEvents("room é😀");
        long last = lastOf(log.commit(List.of(new EventLog.Append("room é😀", 0, written))).get(0));
        log = reopen();
        List<Event> loaded = new ArrayList<>();
        log.load("room é😀", new EventLog.Recovery() {
            @Override
            public void restore(RoomSnapshot snapshot, long position) {
                throw new AssertionError("no snapshot");
            }

            @Override
            public void apply(Event event, long position) {
                loaded.add(event);
            }
        });
        assertEquals(describe(written), describe(loaded));
        assertEquals(last, log.lastPosition("room é😀"));
    }

    /** A second, separate log of the same engine. */
    protected abstract EventLog openOther() throws Exception;
}
