package dev.entangle.core.session;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.MessageFamily;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.time.Backoff;
import dev.entangle.core.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The client side of the protocol, without I/O: the platform hands it frames and connection events,
 * and it answers with frames to send and calls to the bound elements. It survives reconnects: on
 * every new connection it joins again, re-entangles every binding (the hub replies with current
 * values) and resends the newest local value of anything the hub had not acknowledged.
 *
 * <p>It holds the connection (one message counter, the hub epoch, the retry backoff) and the outbox,
 * and routes each frame to the part that owns it: {@link BoundValues} (bindings and their values),
 * {@link Ownership} (ownership tokens) and {@link TextDocuments} (collaborative text).
 */
public final class ClientSession {

    /** Told how the hub answered an ownership action: {@code code} null when it was done. */
    public interface OwnAnswer {
        void answered(ErrorCode code, String message);
    }

    /**
     * After a restore, new sequence numbers start this far above the saved counter: the page may
     * have used (and the hub recorded) numbers after its last save, and a reused number would be
     * taken for a resend.
     */
    static final long SEQUENCE_JUMP = 1L << 20;

    private final String clientId;
    private final String room;
    private String session;
    private final Consumer<String> outlet;
    private final Clock clock;
    private final SessionListener listener;
    private final JsonEngine json;
    private final Wire wire = new Wire() {
        @Override
        public long nextSeq() {
            return nextSeq++;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void send(Message message) {
            ClientSession.this.send(message);
        }

        @Override
        public String hubEpoch() {
            return hubEpoch;
        }
    };
    private final BoundValues values;
    private final Ownership ownership;
    private final TextDocuments texts = new TextDocuments(wire);
    private List<String> teams;
    private long nextSeq = 1;
    private boolean open;
    private String hubEpoch;
    private Supplier<String> token = () -> null;
    private Outbox outbox;
    private final Backoff retryBackoff = new Backoff(500, 30_000);
    private int retryAttempt;
    private int lastPending;
    private SessionPart multiplayer;

    /**
     * @param session names this page load (random, say): resends after a reconnect keep it, so the
     *     hub can tell them from new edits of a later page load, whose numbering starts again
     */
    public ClientSession(String clientId, String room, String session, Consumer<String> outlet, Clock clock,
            SessionListener listener) {
        this(clientId, room, session, outlet, clock, listener, Json.SIMPLE);
    }

    /** @param json reads and writes the frames; the browser brings its own parser (see {@link JsonEngine}) */
    public ClientSession(String clientId, String room, String session, Consumer<String> outlet, Clock clock,
            SessionListener listener, JsonEngine json) {
        String problem = Identifiers.problemWithId(clientId);
        if (problem != null) {
            throw new IllegalArgumentException("clientId " + problem);
        }
        problem = Identifiers.problemWithId(room);
        if (problem != null) {
            throw new IllegalArgumentException("room " + problem);
        }
        this.clientId = clientId;
        this.room = room;
        this.session = session;
        this.outlet = outlet;
        this.clock = clock;
        this.listener = listener;
        this.json = json;
        this.values = new BoundValues(clientId, wire, clock, listener, json);
        this.ownership = new Ownership(wire, values);
    }

    /**
     * Adds the part made by {@code make} (given this session's wire) for message families of the
     * platform's own — presence, chat, activity — and returns it; one part per session.
     */
    public <P extends SessionPart> P addPart(java.util.function.Function<Wire, P> make) {
        if (multiplayer != null) {
            throw new IllegalStateException("this session has its part already");
        }
        P part = make.apply(wire);
        multiplayer = part;
        return part;
    }

    /** Where the access token for each hello comes from (asked again on every connection); none by default. */
    public void useToken(Supplier<String> token) {
        this.token = token;
    }

    /** The teams this client declares in its hello (a token's teams, when the hub requires one, bound them). */
    public void useTeams(List<String> teams) {
        this.teams = teams == null ? null : List.copyOf(teams);
    }

    /**
     * Sends the changes a page makes in one go (one task: a loop over many elements, a form reset)
     * as one {@code mutations} frame: {@code soon} runs the flush once that task is done. The hub
     * then logs them in one transaction and relays them to each member in one frame.
     */
    public void coalesceFrames(Consumer<Runnable> soon) {
        values.coalesceFrames(soon);
    }

    /** Connected to the hub (the transport is open), so changes are being sent now. */
    public boolean isOpen() {
        return open;
    }

    public String clientId() {
        return clientId;
    }

    public String room() {
        return room;
    }

    /**
     * How many local changes the hub has not acknowledged yet: bound values unsent or in flight,
     * and text documents with an edit in flight or waiting behind one.
     */
    public int pending() {
        return values.pending() + texts.pending();
    }

    /** The transport opened: join, then restore every binding and flush what was not acknowledged. */
    public void opened() {
        open = true;
        send(new Message.Hello(clientId, room, session, token.get(), teams));
        values.connected();
        texts.connected();
        values.sendUnsent(null);
        touched();
    }

    /** After {@link SessionListener#retryAfter}: send again what the hub refused for now. */
    public void retry() {
        if (!open) {
            return; // the next connection sends everything pending anyway
        }
        values.sendUnsent(null);
        texts.retry();
        if (multiplayer != null) {
            multiplayer.retry();
        }
    }

    /** The transport closed. Changes in flight may not have arrived: keep them to resend, newest per key. */
    public void closed() {
        open = false;
        values.connectionLost();
        texts.connectionLost();
        ownership.connectionLost();
        if (multiplayer != null) {
            multiplayer.connectionLost();
        }
        touched();
    }

    /** Binds {@code selector} to {@code to} in {@code mode}, with the default options. */
    public void entangle(String selector, String to, Mode mode, BindingListener bindingListener) {
        entangle(selector, BindingOptions.of(to, mode), bindingListener);
    }

    /** Binds {@code selector}; the listener's {@code ready} fires once the hub has accepted it. */
    public void entangle(String selector, BindingOptions options, BindingListener bindingListener) {
        values.entangle(selector, options, bindingListener);
    }

    public void disentangle(String selector) {
        values.disentangle(selector);
    }

    public boolean isEntangled(String selector) {
        return values.isEntangled(selector);
    }

    /**
     * A local change to a bound element, in the element's own form: filtered by the binding's
     * attribute lists, mapped to the shared form by its transform, then sent now, held for the
     * batching window, or kept until the next connection.
     */
    public void localChange(String selector, MutationKind kind, String name, String oldValue, String newValue) {
        if (values.localChange(selector, kind, name, oldValue, newValue)) {
            touched();
        }
    }

    /** Sends the changes held by batching windows (the platform calls it after {@link SessionListener#flushAfter}). */
    public void flush() {
        if (values.flush()) {
            touched();
        }
    }

    /**
     * Asks the hub about the ownership token of {@code selector}: {@code request}, {@code release}
     * or {@code transfer} (to {@code to}); {@code answer} hears whether it was done.
     */
    public void own(String selector, String action, String to, OwnAnswer answer) {
        ownership.ask(selector, action, to, answer);
    }

    /** Follows text document {@code doc}; the listener's {@code reset} gives the text once the hub sent it. */
    public void openText(String doc, TextListener textListener) {
        texts.open(doc, textListener);
    }

    public boolean isTextOpen(String doc) {
        return texts.isOpen(doc);
    }

    /** The hub revision of open document {@code doc} here, or -1 before the hub sent it (read-only, for devtools). */
    public long textRevision(String doc) {
        return texts.revision(doc);
    }

    /** Stops following {@code doc} locally (the hub stops sending when the connection ends). */
    public void closeText(String doc) {
        texts.close(doc);
    }

    /** A local edit of {@code doc}, already applied to the local text. */
    public void textEdit(String doc, TextOperation operation) {
        texts.edit(doc, operation);
        touched();
    }

    /**
     * Sends {@code value} (any JSON value) on the ephemeral lane under {@code key}: to the other
     * members now, never logged, never resent; while disconnected it is dropped (send the current
     * state again on {@link SessionListener#joined}).
     */
    public void sendEphemeral(String key, Object value) {
        if (open) {
            send(new Message.Ephemeral(key, value, null));
        }
    }

    /** The local caret or selection in {@code doc} moved. */
    public void textCursorMoved(String doc) {
        texts.cursorMoved(doc);
    }

    public void ping() {
        if (open) {
            send(new Message.Ping(clock.now()));
        }
    }

    /** One frame from the hub. */
    public void receive(String frame) {
        Message message;
        try {
            message = MessageCodec.decodeAsClient(frame, json, MessageFamily.NONE);
        } catch (ProtocolException e) {
            listener.error(e.code(), "the hub sent a frame this client cannot read: " + e.getMessage());
            return;
        }
        if (message != null) { // null: a named operations' frame, which this connection takes no part in
            receive(message);
        }
    }

    private void receive(Message message) {
        if (message instanceof Message.Batch batch) {
            for (Message frame : batch.frames()) {
                receive(frame);
            }
            return;
        }
        if (message instanceof Message.Welcome w) {
            onWelcome(w);
        } else if (message instanceof Message.Mutation m) {
            values.remote(m);
        } else if (message instanceof Message.MutationBatch batch) {
            for (Message.Mutation m : batch.items()) {
                values.remote(m);
            }
        } else if (message instanceof Message.Ack a) {
            onAnswer(a.seq(), a.serverSeq());
        } else if (message instanceof Message.Acks acks) {
            for (Message.Ack a : acks.acks()) {
                onAnswer(a.seq(), a.serverSeq());
            }
        } else if (message instanceof Message.Error e) {
            onError(e);
        } else if (message instanceof Message.TextSnapshot || message instanceof Message.TextOp) {
            texts.receive(message);
        } else if (message instanceof Message.TextCursor) {
            texts.receive(message);
            return;
        } else if (message instanceof Message.Ownership o) {
            ownership.changed(o);
            return;
        } else if (message instanceof Message.OwnershipRequest o) {
            ownership.requested(o);
            return;
        } else if (message instanceof Message.Peer p) {
            listener.peer(p.event(), p.clientId(), p.teams() == null ? List.of() : p.teams());
            return;
        } else if (message instanceof Message.Ephemeral e) {
            listener.ephemeral(e.source(), e.key(), e.value());
            return;
        } else if (message instanceof Message.Awareness || message instanceof Message.Chat
                || message instanceof Message.Activity) {
            if (multiplayer != null) {
                multiplayer.receive(message);
            }
            return;
        } else {
            return; // pong: the platform records that it heard from the hub; nothing else to do.
        }
        touched();
    }

    private void onWelcome(Message.Welcome welcome) {
        if (hubEpoch != null && !hubEpoch.equals(welcome.epoch())) {
            values.forgetSequences(); // a new hub numbers from the start again
        }
        hubEpoch = welcome.epoch();
        listener.joined(welcome.heartbeatMs());
        if (multiplayer != null) {
            multiplayer.joined();
        }
    }

    /** An ack: every sequence number names one frame of one part, so the first part that knows it takes it. */
    private void onAnswer(long seq, Long serverSeq) {
        Outcome outcome = values.answered(seq, serverSeq);
        if (outcome == Outcome.NOT_MINE && !ownership.answered(seq)) {
            outcome = texts.answered(seq);
        }
        if (outcome == Outcome.ACKNOWLEDGED) {
            retryAttempt = 0;
        }
    }

    private void onError(Message.Error error) {
        Long seq = error.seq();
        if (seq != null && multiplayer != null && multiplayer.refused(seq, error.code(), error.message())) {
            if (error.code().isTransient() && multiplayer.hasRetries()) {
                listener.retryAfter(retryBackoff.delayMillis(retryAttempt++, Math.random()));
            }
            return; // the caller hears it
        }
        if (error.code().isTransient() && seq != null && (values.refusedForNow(seq) || texts.refusedForNow(seq))) {
            // Refused for now (storage trouble, rate limit): kept, and sent again after a backoff.
            listener.retryAfter(retryBackoff.delayMillis(retryAttempt++, Math.random()));
            listener.error(error.code(), error.message());
            return;
        }
        if (seq != null && values.refused(seq, error.code(), error.message()) == Outcome.NOT_MINE) {
            if (ownership.refused(seq, error.code(), error.message())) {
                return; // the caller hears it; not an error of the page as a whole
            }
            if (texts.refused(seq, error.code(), error.message()) == Outcome.HANDLED) {
                return;
            }
        }
        listener.error(error.code(), error.message());
    }

    // --- the outbox ---

    /**
     * Keeps pending changes in {@code outbox} from now on, and takes back what an earlier page
     * load of this client left there: its unsent values (shown when their element is entangled
     * again), its unacknowledged text edits (restored when the document is opened again), and the
     * page session they were numbered in, so the hub recognises a resend of what it already has.
     * Call before {@link #opened()}, {@link #entangle} and {@link #openText}.
     */
    public void useOutbox(Outbox outbox) {
        this.outbox = outbox;
        String saved = outbox.load();
        if (saved == null) {
            return;
        }
        try {
            SavedOutbox state = SavedOutbox.read(saved, clientId, room, json);
            texts.restore(state.texts(), state.epoch(), json); // all or nothing: it may refuse
            session = state.session();
            nextSeq = state.nextSeq() + SEQUENCE_JUMP;
            hubEpoch = state.epoch();
            values.restore(state.values());
        } catch (JsonException | ProtocolException | RuntimeException e) {
            listener.error(ErrorCode.MALFORMED_JSON, "ignored an unreadable outbox saved by an earlier page: "
                    + e.getMessage());
        }
        touched();
        outbox.changed(); // what was saved may be all sent already, or unreadable: save anew either way
    }

    /**
     * What the outbox must hold now, or null when nothing is pending: the values not acknowledged
     * (newest per key) and, per document with unacknowledged edits, its revision, its local text
     * and the operations in flight and behind. Frames in the protocol's own format.
     */
    public String outboxState() {
        if (pending() == 0) {
            return null;
        }
        return new SavedOutbox(session, nextSeq, hubEpoch, values.outboxValues(), texts.outboxEntries(json))
                .write(clientId, room, json);
    }

    /** Something pending may have changed: tell the page when the count moved, and the outbox when it must save. */
    private void touched() {
        int count = pending();
        boolean moved = count != lastPending;
        if (moved) {
            lastPending = count;
            listener.pendingChanged(count);
        }
        if (outbox != null && (count > 0 || moved)) {
            outbox.changed(); // while pending, and once more when nothing is left (to clear it)
        }
    }

    private void send(Message message) {
        outlet.accept(MessageCodec.encodeAsClient(message, json, MessageFamily.NONE));
    }
}
