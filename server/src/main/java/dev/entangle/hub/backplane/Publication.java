package dev.entangle.hub.backplane;

import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import java.util.List;
import java.util.Map;

/**
 * What crosses the backplane: data, never connections or closures, so that another node can
 * deliver it to its own members. {@code origin} is the client whose change it is (its own
 * connections are not sent the relay), or null.
 */
public sealed interface Publication {
    String room();

    /**
     * Whether this is a durable change's publication: another node hears of the change by following
     * the room in the event log (told by {@link Backplane#moved}), not from the backplane, so it is
     * delivered only on the node that made it. The others — ephemeral messages, cursors, presence —
     * cross to every node.
     */
    default boolean followedFromLog() {
        return this instanceof Values || this instanceof TextCommitted || this instanceof Ownership
                || this instanceof StateChanged || this instanceof ChatEvent || this instanceof ActivityEvent;
    }

    /**
     * Bound values accepted in the room, in order: one frame's, or a whole round's, of one sender
     * or several (the room's pipeline merges a round's, so each receiver gets them in one frame).
     */
    record Values(String room, List<Value> values) implements Publication {
    }

    /**
     * One accepted value: who sent it ({@code origin}, who is not sent it back), its vector, its
     * place in the binding's order, and its sender's target. {@code answer} is what its sender is
     * sent in its place, among the relays it receives (an {@code ack}, or the {@code acks} of a
     * batch on its last value; null on the others): the node the sender is connected to sends it.
     */
    record Value(String origin, MutationVector vector, long serverSeq, Target audience, Message answer) {
        /** About how many characters this value takes in a frame (its strings and the frame's keys). */
        public int approximateChars() {
            return 160 + length(vector.selector()) + length(vector.name()) + length(vector.oldValue())
                    + length(vector.newValue()) + length(origin);
        }

        private static int length(String s) {
            return s == null ? 0 : s.length();
        }
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

    /**
     * A client joined the room, or left it for good (its teams, for target resolution); {@code node}
     * is the node it is connected to when another node tells (null: this one).
     */
    record Presence(String room, String clientId, List<String> teams, boolean joined, String node)
            implements Publication {
        /** Of a client connected to this node. */
        public Presence(String room, String clientId, List<String> teams, boolean joined) {
            this(room, clientId, teams, joined, null);
        }
    }

    /** The room's synchronised state moved past {@code before}: followers get what changed, caused by {@code trigger}. */
    record StateChanged(String room, long before, String trigger) implements Publication {
    }

    /** An ephemeral message, already encoded ({@code frame}); receivers keep only the latest per sender and key. */
    record Ephemeral(String room, String origin, String key, String frame) implements Publication {
    }

    /** A durable change of a chat, as its {@code chat-event} frame (encoded once), for every member of the room. */
    record ChatEvent(String room, String frame) implements Publication {
    }

    /** A durable entry of the room's activity stream, as its {@code activity-event} frame (encoded once). */
    record ActivityEvent(String room, String frame) implements Publication {
    }

    /**
     * Whether it is delivered without the room's lock (the ephemeral lane: never waits behind a write
     * to disk); the feature delivering it guards what it keeps itself.
     */
    default boolean lockFree() {
        return this instanceof Ephemeral || this instanceof PresenceState || this instanceof CursorMoved;
    }

    /**
     * A member's whole presence (docs/MULTIPLAYER.md, "Presence"): its merged {@code state}, when it
     * was last active (its node's clock), its latest {@code cursor} (null: none); or, {@code left}, that
     * it is gone from the list (the other fields empty). {@code node}: the node it is connected to when
     * another node tells (null: this one).
     */
    record PresenceState(String room, String clientId, Map<String, Object> state, long lastActive,
            Map<String, Object> cursor, boolean left, String node) implements Publication {
        /** That {@code clientId}, a member connected to this node, is gone from the list. */
        public static PresenceState left(String room, String clientId) {
            return new PresenceState(room, clientId, Map.of(), 0, null, true, null);
        }
    }

    /** A member's pointer moved ({@code cursor}: its {@code area}, and {@code x}, {@code y} unless it left the area). */
    record CursorMoved(String room, String clientId, Map<String, Object> cursor, String node) implements Publication {
    }
}
