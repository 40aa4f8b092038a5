package dev.entangle.core.sync;

import dev.entangle.core.patch.JsonPatch.Operation;
import dev.entangle.core.patch.JsonPointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How local mutations still pending are laid over a server delta. The coordinator undoes every
 * pending mutation, applies the delta to the server's state, and then asks the strategy what of
 * each pending mutation to apply again. Whatever it shows meanwhile, the server's later delta
 * (or refusal) for that mutation has the last word.
 */
@FunctionalInterface
public interface ConflictResolutionStrategy {

    /** The operations of {@code pending} to apply again over the state after {@code delta}. */
    AtomPatches reapply(PendingMutation pending, ServerDelta delta);

    /**
     * Server-wins rebase (the default), like {@code git rebase}: the server's delta becomes the
     * base and every pending mutation is applied again on top, whole.
     */
    ConflictResolutionStrategy SERVER_WINS_REBASE = (pending, delta) -> pending.forward();

    /**
     * Last writer wins, per path: an operation of a pending mutation is left out when the delta
     * wrote the same path (or one above or below it) later, by the server's clock, than the
     * mutation was made by the client's; the rest of the mutation is applied again.
     */
    ConflictResolutionStrategy LAST_WRITER_WINS_PER_PATH = (pending, delta) -> {
        if (delta.serverTimestamp() < pending.info().timestamp()) {
            return pending.forward();
        }
        Map<String, List<Operation>> kept = new LinkedHashMap<>();
        pending.forward().byAtom().forEach((atom, ops) -> {
            List<JsonPointer> written = writtenPaths(delta.data().byAtom().getOrDefault(atom, List.of()));
            List<Operation> survivors = new ArrayList<>();
            for (Operation op : ops) {
                if (!overlapsAny(op, written)) {
                    survivors.add(op);
                }
            }
            kept.put(atom, survivors);
        });
        return new AtomPatches(kept);
    };

    private static List<JsonPointer> writtenPaths(List<Operation> ops) {
        List<JsonPointer> out = new ArrayList<>();
        for (Operation op : ops) {
            if (!op.op().equals("test")) {
                out.add(op.path());
            }
            if (op.op().equals("move")) {
                out.add(op.from());
            }
        }
        return out;
    }

    private static boolean overlapsAny(Operation op, List<JsonPointer> written) {
        for (JsonPointer path : written) {
            if (overlaps(op.path(), path) || (op.from() != null && overlaps(op.from(), path))) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(JsonPointer a, JsonPointer b) {
        return a.equals(b) || a.isProperPrefixOf(b) || b.isProperPrefixOf(a);
    }
}
