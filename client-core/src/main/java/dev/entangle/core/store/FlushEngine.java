package dev.entangle.core.store;

import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sends queued operations to the hub in debounced batches: a batch goes {@code debounceMs} after
 * the last change (at most {@code maxBatch} operations); one batch is in flight at a time. A batch
 * that fails, or whose operations meet a transient refusal, is sent again up to {@code maxRetries}
 * times with exponential backoff from {@code retryBaseMs}; after that it waits, still queued, for
 * {@link #retry()} (the transport is back) or the next change. Nothing queued is ever dropped but
 * by the hub's verdict.
 */
public final class FlushEngine {

    public record Settings(long debounceMs, int maxBatch, int maxRetries, long retryBaseMs) {
        public static final Settings DEFAULTS = new Settings(100, 100, 3, 100);

        public Settings {
            if (debounceMs < 0 || maxBatch < 1 || maxRetries < 0 || retryBaseMs < 1) {
                throw new IllegalArgumentException("flush settings: debounce >= 0, batch >= 1, retries >= 0, "
                        + "retry base >= 1 ms");
            }
        }
    }

    /** Delivers one batch; calls exactly one of {@code answered} (the verdicts it got) or {@code failed}. */
    @FunctionalInterface
    public interface Sender {
        void send(List<PushedOperation> batch, Consumer<List<OperationResult>> answered, Consumer<String> failed);
    }

    /** What the engine reports: a verdict per operation, and when a batch keeps failing. */
    public interface Listener {
        void settled(OperationResult result);

        /** The batch failed {@code attempts} times in a row; it stays queued. */
        void stalled(int attempts, String reason);
    }

    private final Settings settings;
    private final Sender sender;
    private final Scheduler scheduler;
    private final Listener listener;
    private final List<PushedOperation> queue = new ArrayList<>();
    private Runnable timer;
    private List<PushedOperation> inFlight;
    private int failures;
    private boolean paused;
    private boolean destroyed;
    /** Counts batches, so an answer to a batch given up on (destroy) is told apart. */
    private long flight;

    public FlushEngine(Settings settings, Sender sender, Scheduler scheduler, Listener listener) {
        this.settings = settings;
        this.sender = sender;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    /** Queues an operation; the batch goes once changes pause for the debounce time. */
    public void enqueue(PushedOperation operation) {
        if (destroyed) {
            throw new IllegalStateException("the flush engine was destroyed");
        }
        queue.add(operation);
        failures = 0;
        schedule(settings.debounceMs());
    }

    /** Sends what is queued now (after a reconnect, say), failures forgotten. */
    public void retry() {
        failures = 0;
        schedule(0);
    }

    /** Stops sending (what is in flight still lands); changes keep queueing. */
    public void pause() {
        paused = true;
        cancelTimer();
    }

    public void resume() {
        paused = false;
        schedule(0);
    }

    /** Stops for good: no more sending, answers to a batch in flight are ignored. The queue is kept as it is. */
    public void destroy() {
        destroyed = true;
        cancelTimer();
    }

    /**
     * Puts {@code operations} in place of the queue (a restored backup): what was queued is
     * forgotten and an answer to the batch in flight is ignored.
     */
    public void reset(List<PushedOperation> operations) {
        cancelTimer();
        queue.clear();
        queue.addAll(operations);
        inFlight = null;
        flight++;
        failures = 0;
        schedule(0);
    }

    /** Operations not yet ruled on by the hub (those in flight included), oldest first. */
    public List<PushedOperation> getQueuedChanges() {
        return List.copyOf(queue);
    }

    private void schedule(long delayMs) {
        if (paused || destroyed || inFlight != null) {
            return; // a batch in flight is followed by the next when it lands
        }
        cancelTimer();
        if (!queue.isEmpty()) {
            timer = scheduler.schedule(delayMs, this::flush);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.run();
            timer = null;
        }
    }

    private void flush() {
        timer = null;
        if (paused || destroyed || inFlight != null || queue.isEmpty()) {
            return;
        }
        List<PushedOperation> batch = List.copyOf(queue.subList(0, Math.min(settings.maxBatch(), queue.size())));
        inFlight = batch;
        long mine = ++flight;
        sender.send(batch, results -> answered(mine, batch, results), reason -> failed(mine, reason));
    }

    /**
     * Takes {@code op} out of the queue, found by its client and id rather than by {@code queue.remove(op)}:
     * in a browser bundle a list's {@code remove} calls {@code equals} on whatever any list holds,
     * which keeps every record's {@code equals} and {@code hashCode} (docs/BENCHMARKS.md).
     */
    private void dequeue(PushedOperation op) {
        for (int i = 0; i < queue.size(); i++) {
            PushedOperation queued = queue.get(i);
            if (queued.id() == op.id() && Objects.equals(queued.clientId(), op.clientId())) {
                queue.remove(i);
                return;
            }
        }
    }

    private void answered(long mine, List<PushedOperation> batch, List<OperationResult> results) {
        if (destroyed || mine != flight || inFlight == null) {
            return;
        }
        inFlight = null;
        Map<Long, OperationResult> byId = new HashMap<>();
        for (OperationResult result : results) {
            byId.put(result.id(), result);
        }
        List<OperationResult> settled = new ArrayList<>();
        String transientProblem = null;
        for (PushedOperation op : batch) {
            OperationResult result = byId.get(op.id());
            if (result == null || result.isTransient()) {
                transientProblem = result == null ? "no verdict for operation " + op.id() : result.error();
                break; // the rest wait for the retry, in order
            }
            dequeue(op);
            settled.add(result);
        }
        // Changes made while the batch was in flight have waited long enough: they go now. Changes
        // the listeners make below wait for their own debounce.
        boolean backlog = !queue.isEmpty();
        if (transientProblem != null) {
            failed(transientProblem);
        } else {
            failures = 0;
            if (backlog) {
                schedule(0);
            }
        }
        for (OperationResult result : settled) {
            listener.settled(result);
        }
    }

    private void failed(long mine, String reason) {
        if (destroyed || mine != flight || inFlight == null) {
            return;
        }
        inFlight = null;
        failed(reason);
    }

    private void failed(String reason) {
        failures++;
        if (failures > settings.maxRetries()) {
            listener.stalled(failures, reason);
            return; // waits for retry(), resume() or the next change
        }
        cancelTimer();
        if (!paused && !destroyed) {
            timer = scheduler.schedule(settings.retryBaseMs() << (failures - 1), this::flush);
        }
    }
}
