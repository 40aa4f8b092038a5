package dev.entangle.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import org.junit.jupiter.api.Test;

class HubOrderedRegistersTest {
    private final HubOrderedRegisters registers = new HubOrderedRegisters();

    private static MutationVector value(String v) {
        return new MutationVector("#s", MutationKind.PROPERTY, "value", null, v, "peer", 1, 1);
    }

    private static final MutationVector MINE = value("mine");
    private static final String KEY = MINE.key();

    @Test
    void remoteValuesApplyInHubOrderAndStaleOnesAreDropped() {
        MutationVector first = value("1");
        assertSame(first, registers.remote(first, 1));
        assertNull(registers.remote(value("old"), 1), "a duplicate of seq 1 is not applied again");
        MutationVector third = value("3");
        assertSame(third, registers.remote(third, 3));
        assertNull(registers.remote(value("2"), 2), "seq 2 arrived after seq 3 and lost");
    }

    @Test
    void aRemoteValueOrderedBeforeMyChangeLoses() {
        registers.sent(KEY);
        assertNull(registers.remote(value("theirs"), 4), "held while my change is in flight");
        assertNull(registers.answered(MINE, 5L), "my change was ordered after theirs, so mine stays");
        assertNull(registers.remote(value("late duplicate"), 4));
    }

    @Test
    void aRemoteValueOrderedAfterMyChangeWinsOnceMyAckArrives() {
        registers.sent(KEY);
        MutationVector theirs = value("theirs");
        assertNull(registers.remote(theirs, 6));
        assertSame(theirs, registers.answered(MINE, 5L));
    }

    @Test
    void withSeveralChangesInFlightOnlyTheLastAckDecides() {
        registers.sent(KEY);
        registers.sent(KEY);
        MutationVector theirs = value("theirs");
        assertNull(registers.remote(theirs, 6));
        assertNull(registers.answered(MINE, 5L), "one of mine is still in flight");
        assertNull(registers.answered(MINE, 7L), "my second change was ordered after theirs");
    }

    @Test
    void aRefusedChangeLetsTheHeldRemoteValueWin() {
        registers.sent(KEY);
        MutationVector theirs = value("theirs");
        assertNull(registers.remote(theirs, 2));
        assertSame(theirs, registers.answered(MINE, null));
    }

    @Test
    void aChangeRefusedForGoodRevertsToTheHubsValue() {
        MutationVector hubs = value("hub's");
        assertSame(hubs, registers.remote(hubs, 3));
        registers.sent(KEY);
        assertSame(hubs, registers.answered(MINE, null), "the element goes back to the value the hub has");
        registers.sent(KEY);
        assertNull(registers.answered(MINE, 4L), "an accepted change stays");
        registers.sent(KEY);
        assertSame(MINE, registers.answered(value("refused"), null), "now the hub's value is my accepted one");
    }

    @Test
    void aNewHubEpochForgetsOldSequences() {
        assertEquals("9", registers.remote(value("9"), 9).newValue());
        registers.forgetSequences();
        assertEquals("1", registers.remote(value("1"), 1).newValue());
    }
}
