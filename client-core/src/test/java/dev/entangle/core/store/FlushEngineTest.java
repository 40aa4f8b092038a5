package dev.entangle.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FlushEngineTest {
    private final VirtualTime time = new VirtualTime();
    private final List<List<PushedOperation>> sent = new ArrayList<>();
    private final List<Long> sentAt = new ArrayList<>();
    private final List<Consumer<List<OperationResult>>> answers = new ArrayList<>();
    private final List<Consumer<String>> failures = new ArrayList<>();
    private final List<OperationResult> settled = new ArrayList<>();
    private final List<Integer> stalls = new ArrayList<>();
    private final FlushEngine engine = new FlushEngine(FlushEngine.Settings.DEFAULTS, (batch, answered, failed) -> {
        sent.add(batch);
        sentAt.add(time.now());
        answers.add(answered);
        failures.add(failed);
    }, time, new FlushEngine.Listener() {
        @Override
        public void settled(OperationResult result) {
            settled.add(result);
        }

        @Override
        public void stalled(int attempts, String reason) {
            stalls.add(attempts);
        }
    });

    private static PushedOperation op(long id) {
        return new PushedOperation(id, "replica-1", "touch", null, 0);
    }

    private static List<OperationResult> allConfirmed(List<PushedOperation> batch) {
        List<OperationResult> out = new ArrayList<>();
        for (PushedOperation op : batch) {
            out.add(new OperationResult(op.id(), true, null, null, op.id(), 0));
        }
        return out;
    }

    @Test
    void changesGoOutOneHundredMillisecondsAfterTheLastInBatchesOfAtMostAHundred() {
        for (long id = 1; id <= 150; id++) {
            engine.enqueue(op(id));
            time.advance(10);
        }
        assertTrue(sent.isEmpty(), "nothing while changes keep coming");
        time.advance(90);
        assertEquals(1, sent.size());
        assertEquals(100, sent.get(0).size());
        answers.get(0).accept(allConfirmed(sent.get(0)));
        time.advance(0);
        assertEquals(2, sent.size(), "the rest follows at once");
        assertEquals(50, sent.get(1).size());
        answers.get(1).accept(allConfirmed(sent.get(1)));
        assertEquals(150, settled.size());
        assertTrue(engine.getQueuedChanges().isEmpty());
    }

    @Test
    void aFailedBatchIsRetriedThreeTimesWithBackoffThenWaitsQueuedForRetry() {
        engine.enqueue(op(1));
        time.advance(100);
        for (int attempt = 0; attempt < 4; attempt++) {
            failures.get(attempt).accept("network down");
            time.advance(1_000);
        }
        assertEquals(4, sent.size(), "the first try and three retries");
        assertEquals(List.of(4), stalls);
        assertEquals(1, engine.getQueuedChanges().size(), "never dropped");

        engine.retry();
        time.advance(0);
        assertEquals(5, sent.size());
        answers.get(4).accept(allConfirmed(sent.get(4)));
        assertEquals(1, settled.size());
    }

    @Test
    void retriesBackOffExponentiallyFromAHundredMilliseconds() {
        engine.enqueue(op(1));
        time.advance(100);
        failures.get(0).accept("down");
        time.advance(100);
        failures.get(1).accept("down");
        time.advance(200);
        failures.get(2).accept("down");
        time.advance(400);
        assertEquals(4, sent.size());
        assertEquals(List.of(100L, 200L, 400L, 800L), List.of(sentAt.get(0), sentAt.get(1), sentAt.get(2), sentAt.get(3)));
    }

    @Test
    void aTransientRefusalIsRetriedAndTheOperationsBeforeItSettle() {
        engine.enqueue(op(1));
        engine.enqueue(op(2));
        time.advance(100);
        answers.get(0).accept(List.of(new OperationResult(1, true, null, null, 1L, 0),
                new OperationResult(2, false, "storage_failed", "disk", null, 0)));
        assertEquals(1, settled.size());
        assertEquals(List.of(op(2)), engine.getQueuedChanges());
        time.advance(100);
        assertEquals(List.of(op(2)), sent.get(1));
    }

    @Test
    void pausedEnginesQueueAndResumeSendsDestroyStopsForGood() {
        engine.pause();
        engine.enqueue(op(1));
        time.advance(1_000);
        assertTrue(sent.isEmpty());
        assertEquals(1, engine.getQueuedChanges().size());
        engine.resume();
        time.advance(0);
        assertEquals(1, sent.size());
        engine.destroy();
        answers.get(0).accept(allConfirmed(sent.get(0)));
        assertTrue(settled.isEmpty(), "answers after destroy are ignored");
        assertEquals(1, engine.getQueuedChanges().size(), "and the queue is kept as it was");
    }

    @Test
    void changesMadeWhileABatchFliesGoWhenItLandsAndLaterOnesWaitForTheirDebounce() {
        engine.enqueue(op(1));
        time.advance(100);
        engine.enqueue(op(2)); // while 1 is in flight
        time.advance(50);
        answers.get(0).accept(allConfirmed(sent.get(0)));
        time.advance(0);
        assertEquals(List.of(op(2)), sent.get(1), "it had waited long enough");
        answers.get(1).accept(allConfirmed(sent.get(1)));
        engine.enqueue(op(3)); // after everything landed
        time.advance(99);
        assertEquals(2, sent.size());
        time.advance(1);
        assertEquals(3, sent.size());
    }

    /** The answer settles the operations it confirms, found by client and id: not another client's with that id. */
    @Test
    void anAnswerTakesOutTheOperationsItConfirmsByClientAndId() {
        engine.enqueue(op(1));
        time.advance(100);
        assertEquals(1, sent.size());
        PushedOperation otherClients = new PushedOperation(1, "replica-2", "touch", null, 0);
        engine.enqueue(otherClients);
        engine.enqueue(op(2));
        answers.get(0).accept(allConfirmed(sent.get(0)));
        assertEquals(List.of(otherClients, op(2)), engine.getQueuedChanges());
        assertEquals(1, settled.size());
    }
}
