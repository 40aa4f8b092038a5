package dev.entangle.core.protocol;

import dev.entangle.core.json.Names;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.sync.ServerDelta;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every frame on the {@code /entangle} WebSocket. Client-to-hub messages that change state carry
 * the client's own sequence number {@code seq}, which the hub echoes in {@link Ack} or {@link Error}.
 * docs/PROTOCOL.md describes each one; change both together.
 */
public sealed interface Message {

    /** The wire name in the {@code type} field. */
    String type();

    /**
     * Client to hub, first frame: who I am and which room I join. {@code session} names this page
     * load: a resend after a reconnect keeps it, so the hub can tell a resend from a new edit.
     * {@code token} is the access token, when the hub requires one (docs/PROTOCOL.md, "Access tokens").
     * {@code teams} are the teams the client declares (a token's teams, when it has one, bound them).
     */
    record Hello(String clientId, String room, String session, String token, List<String> teams) implements Message {
        public Hello(String clientId, String room, String session) {
            this(clientId, room, session, null, null);
        }

        public Hello(String clientId, String room, String session, String token) {
            this(clientId, room, session, token, null);
        }

        public String type() {
            return "hello";
        }
    }

    /**
     * Hub to client: the join was accepted; send a ping at least every {@code heartbeatMs}. The
     * {@code epoch} names the hub's run: when it changes, its sequence numbers started again.
     */
    record Welcome(String clientId, String room, long heartbeatMs, String epoch) implements Message {
        public String type() {
            return "welcome";
        }
    }

    /**
     * Client to hub: bind my element at {@code selector} to the same element of {@code to} (see
     * {@link dev.entangle.core.mutation.Target}). {@code attributes} and {@code ignoreAttributes}
     * filter what is synchronised (null: no list); {@code owned} makes the binding owned (one
     * writer at a time); {@code persistent} asks the hub to keep it through a reload.
     */
    record Entangle(long seq, String selector, String to, Mode mode, List<String> attributes,
            List<String> ignoreAttributes, boolean owned, boolean persistent) implements Message {
        public Entangle(long seq, String selector, String to, Mode mode) {
            this(seq, selector, to, mode, null, null, false, false);
        }

        public String type() {
            return "entangle";
        }
    }

    /**
     * Client to hub: about the ownership token of {@code selector}: {@code request} it (granted when
     * nobody holds it, else passed on to the holder), {@code release} it, or {@code transfer} it
     * to client {@code to}.
     */
    record Own(long seq, String selector, String action, String to) implements Message {
        public String type() {
            return "own";
        }
    }

    /** Hub to client: the ownership token of {@code selector} moved from {@code previous} to {@code owner} (null: nobody). */
    record Ownership(String selector, String owner, String previous) implements Message {
        public String type() {
            return "ownership";
        }
    }

    /** Hub to the holder of {@code selector}'s ownership token: {@code from} asks for it. */
    record OwnershipRequest(String selector, String from) implements Message {
        public String type() {
            return "ownership-request";
        }
    }

    /**
     * Hub to client: a member of the room: {@code present} (there when you joined), {@code joined}
     * or {@code left}, with its teams. A reload within a persistent binding's grace period is
     * neither a leave nor a join.
     */
    record Peer(String event, String clientId, List<String> teams) implements Message {
        public String type() {
            return "peer";
        }
    }

    /** Client to hub: stop the binding at {@code selector}. */
    record Disentangle(long seq, String selector) implements Message {
        public String type() {
            return "disentangle";
        }
    }

    /**
     * A change to a bound element. From a client {@code serverSeq} is null; from the hub it is the
     * binding's sequence number, which orders every change of that binding in the room.
     */
    record Mutation(MutationVector vector, Long serverSeq) implements Message {
        public String type() {
            return "mutation";
        }
    }

    /**
     * Several changes in one frame: from a client, the changes a page made in one go (every
     * element of a form reset, a drag over many sliders), each with its own {@code seq}; from the
     * hub, the changes of one such frame that a member may see. Handled as the same mutations one
     * by one, in order; at most {@link MessageCodec#MAX_BATCH} items.
     */
    record MutationBatch(List<Mutation> items) implements Message {
        public String type() {
            return "mutations";
        }
    }

    /** Hub to client: the answers to a {@link MutationBatch}'s accepted changes, in order. */
    record Acks(List<Ack> acks) implements Message {
        public String type() {
            return "acks";
        }
    }

    /** Hub to client: the message with client sequence {@code seq} was accepted (as {@code serverSeq}, if it was ordered). */
    record Ack(long seq, Long serverSeq) implements Message {
        public String type() {
            return "ack";
        }
    }

    /** Hub to client: a refusal with a stable code; {@code seq} names the refused message when known. */
    record Error(ErrorCode code, String message, Long seq) implements Message {
        public String type() {
            return "error";
        }
    }

    /**
     * Client to hub: follow text document {@code doc}. Without a revision (or from another hub
     * {@code epoch}) the hub answers with a {@link TextSnapshot}; with one, with everything
     * committed since (other clients' operations as {@link TextOp}, this client's own as
     * {@link Ack}), then an {@link Ack} of this message.
     */
    record TextOpen(long seq, String doc, Long revision, String epoch) implements Message {
        public String type() {
            return "text-open";
        }
    }

    /**
     * Hub to client: the whole text of {@code doc} at {@code revision}. {@code lastSeq} is the
     * {@code seq} of the newest edit of this client's the hub has committed in {@code doc} (null for
     * none): an edit still in flight with that {@code seq} or a lower one is already in {@code text},
     * a later one is not and must be rebased onto it.
     */
    record TextSnapshot(String doc, long revision, String text, Long lastSeq) implements Message {
        /** A snapshot for a client with no committed edit of its own. */
        public TextSnapshot(String doc, long revision, String text) {
            this(doc, revision, text, null);
        }

        public String type() {
            return "text-snapshot";
        }
    }

    /**
     * An edit of a text document. From a client: based on {@code revision}, numbered {@code seq},
     * {@code source} null. From the hub: committed as {@code revision}, made by {@code source}.
     */
    record TextOp(Long seq, String doc, long revision, TextOperation operation, String source) implements Message {
        public String type() {
            return "text-op";
        }
    }

    /** Where a client's caret and selection are, in code points of the text at {@code revision}; not stored. */
    record TextCursor(String doc, long revision, int anchor, int head, String source) implements Message {
        public String type() {
            return "text-cursor";
        }
    }

    /** Client to hub heartbeat; {@code time} is echoed in the pong. */
    record Ping(long time) implements Message {
        public String type() {
            return "ping";
        }
    }

    record Pong(long time) implements Message {
        public String type() {
            return "pong";
        }
    }

    /**
     * The ephemeral lane: something that matters now and needs no history — a cursor position, a
     * typing flag, a presence heartbeat. Never logged nor acknowledged; relayed to the other members
     * of the room with {@code source}; a receiver that is behind gets only the latest {@code value}
     * of each sender and {@code key}. {@code value}: any JSON value.
     */
    record Ephemeral(String key, Object value, String source) implements Message {
        public String type() {
            return "ephemeral";
        }
    }
    /**
     * Client to hub: follow the room's synchronised state as replica {@code clientId} (see
     * {@link PushedOperation}), holding version {@code stateVersion} (0: nothing); only the entity
     * types in {@code types} when not null. The hub answers with a {@link StateChanged} from that
     * version (a delta, or the whole state), then sends one for every change.
     */
    record SyncSubscribe(String clientId, long stateVersion, List<String> types) implements Message {
        public String type() {
            return "sync_subscribe";
        }
    }

    /** Client to hub: named operations to run, in order; each is answered by an {@link OperationConfirmed}. */
    record SyncPush(List<PushedOperation> operations) implements Message {
        public String type() {
            return "sync_push";
        }
    }

    /** Hub to client: the synchronised state moved from one version to the next (or was sent whole). */
    record StateChanged(ServerDelta delta) implements Message {
        public String type() {
            return "state_changed";
        }
    }

    /** Hub to client: the verdict on one of its operations. */
    record OperationConfirmed(OperationResult result) implements Message {
        public String type() {
            return "operation_confirmed";
        }
    }

    /** Hub to sync followers: a client joined ({@code connected}) or left the room. */
    record ClientPresence(boolean connected, String clientId) implements Message {
        public String type() {
            return connected ? "client_connected" : "client_disconnected";
        }
    }

    /**
     * The multiplayer lane of presence and cursors (docs/PROTOCOL.md, "Presence and cursors"):
     * {@code type} is {@code presence} or {@code cursor}, both ways. Never logged; relayed through
     * the ephemeral lane, latest wins per sender. {@code fields}: the frame's other fields, as parsed.
     */
    record Awareness(String type, Map<String, Object> fields) implements Message {
        public static final Set<String> TYPES = Names.of("presence", "cursor");
    }

    /**
     * Chat (docs/PROTOCOL.md, "Chat"): {@code chat} (client to hub, an action with its {@code seq}),
     * {@code chat-result} (the hub's answer to it) and {@code chat-event} (a change relayed to every
     * member). Durable: what changes a chat is in the event log before it is answered.
     */
    record Chat(String type, Map<String, Object> fields) implements Message {
        public static final Set<String> TYPES = Names.of("chat", "chat-result", "chat-event");
    }

    /**
     * The activity stream (docs/PROTOCOL.md, "Activity"): {@code activity} (client to hub: post or
     * list, with its {@code seq}), {@code activity-result} (the answer) and {@code activity-event}
     * (an entry relayed to every member). Durable, as chat.
     */
    record Activity(String type, Map<String, Object> fields) implements Message {
        public static final Set<String> TYPES = Names.of("activity", "activity-result", "activity-event");
    }

    /**
     * Hub to client: frames of the ephemeral lane that waited together (presence, pointers,
     * {@code ephemeral} messages), in order, in one frame; each is handled as if it came alone.
     */
    record Batch(List<Message> frames) implements Message {
        public String type() {
            return "batch";
        }
    }
}
