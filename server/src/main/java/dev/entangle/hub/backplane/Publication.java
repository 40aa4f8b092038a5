package dev.entangle.hub.backplane;

import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import java.util.List;

/**
 * What crosses the backplane: data, never connections or closures, so that another node can
 * deliver it to its own members. {@code origin} is the client whose change it is (its own
 * connections are not sent the relay), or null.
 */
public sealed interface Publication {
    String room();

    /** Bound values accepted from one frame of {@code origin} ({@code batched}: a {@code mutations} frame). */
    record Values(String room, String origin, List<Value> values, boolean batched) implements Publication {
    }

    /** One accepted value: its vector, its place in the binding's order, and its sender's target. */
    record Value(MutationVector vector, long serverSeq, Target audience) {
    }

    /** A text operation committed as {@code revision} of {@code doc}. */
    record TextCommitted(String room, String origin, String doc, long revision, TextOperation operation)
            implements Publication {
    }

    /** A follower's cursor in {@code doc} at {@code revision}. */
    record TextCursor(String room, String origin, String doc, long revision, int anchor, int head)
            implements Publication {
    }

    /** An ownership token moved from {@code previous} to {@code owner} (null: nobody). */
    record Ownership(String room, String selector, String owner, String previous) implements Publication {
    }

    /** A client joined the room, or left it for good (its teams, for target resolution). */
    record Presence(String room, String clientId, List<String> teams, boolean joined) implements Publication {
    }

    /** The room's synchronised state moved past {@code before}: followers get what changed, caused by {@code trigger}. */
    record StateChanged(String room, long before, String trigger) implements Publication {
    }

    /** An ephemeral message, already encoded ({@code frame}); receivers keep only the latest per sender and key. */
    record Ephemeral(String room, String origin, String key, String frame) implements Publication {
    }
}
