package dev.entangle.core.store;

import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A batch handed to a {@link FlushEngine.Sender} over a transport that answers operation by
 * operation (one {@code operation_confirmed} each): the verdicts are gathered until the last one
 * answers the batch, or the batch fails first. Either happens once.
 */
public final class PushedBatch {
    private final List<PushedOperation> operations;
    private final Map<Long, OperationResult> results = new LinkedHashMap<>();
    private final Consumer<List<OperationResult>> answered;
    private final Consumer<String> failed;
    private boolean settled;

    public PushedBatch(List<PushedOperation> operations, Consumer<List<OperationResult>> answered,
            Consumer<String> failed) {
        this.operations = operations;
        this.answered = answered;
        this.failed = failed;
    }

    /**
     * Takes a verdict; false when it is for none of this batch's operations (or the batch is
     * settled), so the caller hands it on by itself. The last verdict answers the batch.
     */
    public boolean take(OperationResult result) {
        boolean mine = false;
        for (PushedOperation op : operations) {
            mine |= op.id() == result.id();
        }
        if (!mine || settled) {
            return false;
        }
        results.put(result.id(), result);
        if (results.size() == operations.size()) {
            settled = true;
            answered.accept(new ArrayList<>(results.values()));
        }
        return true;
    }

    /** The batch failed (the connection dropped, no answer in time), unless it was answered already. */
    public void fail(String reason) {
        if (!settled) {
            settled = true;
            failed.accept(reason);
        }
    }

    public boolean isSettled() {
        return settled;
    }
}
