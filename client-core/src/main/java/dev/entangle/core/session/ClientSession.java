package dev.entangle.core.session;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationSafety;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextClient;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.time.Backoff;
import dev.entangle.core.time.Clock;
import dev.entangle.core.mutation.Transform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The client side of the protocol, without I/O: the platform hands it frames and connection events,
 * and it answers with frames to send and calls to the bound elements. It survives reconnects: on
 * every new connection it joins again, re-entangles every binding (the hub replies with current
 * values) and resends the newest local value of anything the hub had not acknowledged.
 */
public final class ClientSession {

    private record Binding(String selector, BindingOptions options, BindingListener listener) {
        /** A value in the hub's (shared) form as this element shows it. */
        MutationVector shown(MutationVector shared) {
            Transform transform = options.transform();
            if (transform == Transform.IDENTITY || !transformable(shared)) {
                return shared;
            }
            return new MutationVector(shared.selector(), shared.kind(), shared.name(),
                    transform.forward(shared.oldValue()), transform.forward(shared.newValue()), shared.source(),
                    shared.seq(), shared.timestamp());
        }
    }

    /** Transforms map values of attributes, properties and text; a child list is structure, not a value. */
    private static boolean transformable(MutationVector vector) {
        return vector.kind() != MutationKind.CHILDREN;
    }

    /** Told how the hub answered an ownership action: {@code code} null when it was done. */
    public interface OwnAnswer {
        void answered(ErrorCode code, String message);
    }

    /** What a sent-but-unanswered client sequence number was. */
    private sealed interface InFlight permits EntangleSent, MutationSent, OwnSent {
    }

    private record OwnSent(String selector, OwnAnswer answer) implements InFlight {
    }

    private record EntangleSent(String selector) implements InFlight {
    }

    private record MutationSent(MutationVector vector) implements InFlight {
    }


    /**
     * After a restore, new sequence numbers start this far above the saved counter: the page may
     * have used (and the hub recorded) numbers after its last save, and a reused number would be
     * taken for a resend.
     */
    static final long SEQUENCE_JUMP = 1L << 20;
    private static final int OUTBOX_VERSION = 1;

    private final String clientId;
    private final String room;
    private String session;
    private final Consumer<String> outlet;
    private final Clock clock;
    private final SessionListener listener;
    private final JsonEngine json;
    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private final TextDocuments texts = new TextDocuments(new TextDocuments.Wire() {
        public long nextSeq() {
            return nextSeq++;
        }

        public boolean isOpen() {
            return open;
        }

        public void send(Message message) {
            ClientSession.this.send(message);
        }

        public String hubEpoch() {
            return hubEpoch;
        }
    });
    /** In send order, so that after a drop the newest in-flight value of a key is the one resent. */
    private final Map<Long, InFlight> inFlight = new LinkedHashMap<>();
    /** Local values not yet sent (made while offline, or in flight when the connection dropped), newest per key. */
    private final Map<String, MutationVector> unsent = new LinkedHashMap<>();
    private final HubOrderedRegisters registers = new HubOrderedRegisters();
    /** Local changes held by a binding's batching window, newest per key (the first one's old value kept). */
    private final Map<String, MutationVector> batched = new LinkedHashMap<>();
    /** When each key's last change went out, for the batching window. */
    private final Map<String, Long> lastSentAt = new HashMap<>();
    private boolean flushScheduled;
    private List<String> teams;
    /** Runs a task once the page's current work is done (a microtask); null sends every change in its own frame. */
    private Consumer<Runnable> soon;
    /** Changes made in the current task, sent together by {@link #sendQueued()}. */
    private final List<Message.Mutation> queued = new ArrayList<>();
    private long nextSeq = 1;
    private boolean open;
    private String hubEpoch;
    private Supplier<String> token = () -> null;
    private Outbox outbox;
    private final Backoff retryBackoff = new Backoff(500, 30_000);
    private int retryAttempt;
    private int lastPending;

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
        this.soon = soon;
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
        int count = unsent.size() + texts.pending() + batched.size();
        for (InFlight sent : inFlight.values()) {
            if (sent instanceof MutationSent) {
                count++;
            }
        }
        return count;
    }

    /** The transport opened: join, then restore every binding and flush what was not acknowledged. */
    public void opened() {
        open = true;
        send(new Message.Hello(clientId, room, session, token.get(), teams));
        for (Binding binding : bindings.values()) {
            sendEntangle(binding);
        }
        texts.connected();
        sendUnsent(null);
        touched();
    }

    /**
     * Sends the unsent values of bound elements ({@code selector}'s only, unless null). A value an
     * earlier page load left for an element not entangled again yet waits for its binding.
     */
    private void sendUnsent(String selector) {
        List<MutationVector> toSend = new ArrayList<>();
        for (MutationVector vector : unsent.values()) {
            if (selector == null ? bindings.containsKey(vector.selector()) : vector.selector().equals(selector)) {
                toSend.add(vector);
            }
        }
        for (MutationVector vector : toSend) {
            unsent.remove(vector.key());
            sendMutation(vector.selector(), vector.kind(), vector.name(), vector.oldValue(), vector.newValue());
        }
    }

    /** After {@link SessionListener#retryAfter}: send again what the hub refused for now. */
    public void retry() {
        if (!open) {
            return; // the next connection sends everything pending anyway
        }
        sendUnsent(null);
        texts.retry();
    }

    /** The transport closed. Changes in flight may not have arrived: keep them to resend, newest per key. */
    public void closed() {
        open = false;
        List<OwnSent> unanswered = new ArrayList<>();
        for (InFlight sent : inFlight.values()) {
            if (sent instanceof MutationSent m) {
                unsent.put(m.vector().key(), m.vector());
            } else if (sent instanceof OwnSent o) {
                unanswered.add(o);
            }
        }
        inFlight.clear();
        texts.connectionLost();
        for (OwnSent o : unanswered) {
            // Not resent: whether the hub acted on it shows in the ownership it announces on reconnect.
            o.answer().answered(ErrorCode.NOT_JOINED, "the connection dropped before the hub answered; ask again");
        }
        queued.clear(); // their entries were in flight: they are unsent now, and go out on the next connection
        for (MutationVector held : batched.values()) {
            unsent.remove(held.key());
            unsent.put(held.key(), held);
        }
        batched.clear();
        registers.connectionLost();
        touched();
    }

    /** Binds {@code selector} to {@code to} in {@code mode}, with the default options. */
    public void entangle(String selector, String to, Mode mode, BindingListener bindingListener) {
        entangle(selector, BindingOptions.of(to, mode), bindingListener);
    }

    /** Binds {@code selector}; the listener's {@code ready} fires once the hub has accepted it. */
    public void entangle(String selector, BindingOptions options, BindingListener bindingListener) {
        String problem = Identifiers.problemWithSelector(selector);
        if (problem != null) {
            throw new IllegalArgumentException("selector " + problem);
        }
        if (bindings.containsKey(selector)) {
            throw new IllegalStateException("selector '" + selector + "' is already entangled in this client");
        }
        Binding binding = new Binding(selector, options, bindingListener);
        bindings.put(selector, binding);
        for (MutationVector saved : unsent.values()) {
            if (saved.selector().equals(selector)) {
                bindingListener.applyRemote(binding.shown(saved)); // an earlier page load's change, not sent yet: show it
            }
        }
        if (open) {
            sendEntangle(binding);
            sendUnsent(selector);
        }
    }

    public void disentangle(String selector) {
        if (bindings.remove(selector) != null) {
            unsent.values().removeIf(v -> v.selector().equals(selector));
            batched.values().removeIf(v -> v.selector().equals(selector));
            if (open) {
                send(new Message.Disentangle(nextSeq++, selector));
            }
        }
    }

    public boolean isEntangled(String selector) {
        return bindings.containsKey(selector);
    }

    /**
     * A local change to a bound element, in the element's own form: filtered by the binding's
     * attribute lists, mapped to the shared form by its transform, then sent now, held for the
     * batching window, or kept until the next connection.
     */
    public void localChange(String selector, MutationKind kind, String name, String oldValue, String newValue) {
        Binding binding = bindings.get(selector);
        if (binding == null || !binding.options().filter().permits(kind, name)) {
            return;
        }
        if (kind != MutationKind.CHILDREN) {
            oldValue = binding.options().transform().inverse(oldValue);
            newValue = binding.options().transform().inverse(newValue);
        }
        int window = binding.options().batchMillis();
        if (open && window > 0) {
            batch(selector, kind, name, oldValue, newValue, window);
        } else if (open) {
            sendMutation(selector, kind, name, oldValue, newValue);
        } else {
            MutationVector vector = new MutationVector(selector, kind, name, oldValue, newValue, clientId, 0,
                    clock.now());
            unsent.remove(vector.key()); // re-insert so the newest value is also the last one sent
            unsent.put(vector.key(), vector);
        }
        touched();
    }

    /**
     * The first change to a key goes out at once; changes within {@code window} ms of the last one
     * sent are merged into one held change (first old value, newest new value) that goes out when
     * the window closes.
     */
    private void batch(String selector, MutationKind kind, String name, String oldValue, String newValue, int window) {
        long now = clock.now();
        MutationVector change = new MutationVector(selector, kind, name, oldValue, newValue, clientId, 0, now);
        String key = change.key();
        MutationVector held = batched.get(key);
        Long last = lastSentAt.get(key);
        if (held == null && (last == null || now - last >= window)) {
            lastSentAt.put(key, now);
            sendMutation(selector, kind, name, oldValue, newValue);
            return;
        }
        batched.put(key, new MutationVector(selector, kind, name, held == null ? oldValue : held.oldValue(),
                newValue, clientId, 0, now));
        if (!flushScheduled) {
            flushScheduled = true;
            listener.flushAfter(Math.max(1, window - (now - (last == null ? now : last))));
        }
    }

    /** Sends the changes held by batching windows (the platform calls it after {@link SessionListener#flushAfter}). */
    public void flush() {
        flushScheduled = false;
        if (!open || batched.isEmpty()) {
            return;
        }
        long now = clock.now();
        List<MutationVector> toSend = new ArrayList<>(batched.values());
        batched.clear();
        for (MutationVector held : toSend) {
            lastSentAt.put(held.key(), now);
            sendMutation(held.selector(), held.kind(), held.name(), held.oldValue(), held.newValue());
        }
        touched();
    }

    /**
     * Asks the hub about the ownership token of {@code selector}: {@code request}, {@code release}
     * or {@code transfer} (to {@code to}); {@code answer} hears whether it was done.
     */
    public void own(String selector, String action, String to, OwnAnswer answer) {
        if (!bindings.containsKey(selector)) {
            answer.answered(ErrorCode.NOT_ENTANGLED, "'" + selector + "' is not entangled in this client");
            return;
        }
        if (!open) {
            answer.answered(ErrorCode.NOT_JOINED, "not connected to the hub; ownership is decided there");
            return;
        }
        long seq = nextSeq++;
        inFlight.put(seq, new OwnSent(selector, answer));
        send(new Message.Own(seq, selector, action, to));
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
            message = MessageCodec.decode(frame, json);
        } catch (ProtocolException e) {
            listener.error(e.code(), "the hub sent a frame this client cannot read: " + e.getMessage());
            return;
        }
        if (message instanceof Message.Welcome w) {
            onWelcome(w);
        } else if (message instanceof Message.Mutation m) {
            onRemote(m);
        } else if (message instanceof Message.MutationBatch batch) {
            for (Message.Mutation m : batch.items()) {
                onRemote(m);
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
            Binding binding = bindings.get(o.selector());
            if (binding != null) {
                binding.listener().ownershipChanged(o.owner(), o.previous());
            }
            return;
        } else if (message instanceof Message.OwnershipRequest o) {
            Binding binding = bindings.get(o.selector());
            if (binding != null) {
                binding.listener().ownershipRequested(o.from());
            }
            return;
        } else if (message instanceof Message.Peer p) {
            listener.peer(p.event(), p.clientId(), p.teams() == null ? List.of() : p.teams());
            return;
        } else if (message instanceof Message.Ephemeral e) {
            listener.ephemeral(e.source(), e.key(), e.value());
            return;
        } else {
            return; // pong: the platform records that it heard from the hub; nothing else to do.
        }
        touched();
    }

    private void onWelcome(Message.Welcome welcome) {
        if (hubEpoch != null && !hubEpoch.equals(welcome.epoch())) {
            registers.forgetSequences(); // a new hub numbers from the start again
        }
        hubEpoch = welcome.epoch();
        listener.joined(welcome.heartbeatMs());
    }

    private void onRemote(Message.Mutation mutation) {
        MutationVector vector = mutation.vector();
        Binding binding = bindings.get(vector.selector());
        if (binding == null || !binding.options().mode().acceptsRemote() || mutation.serverSeq() == null) {
            return;
        }
        String problem = MutationSafety.problemWith(vector, json);
        if (problem != null) {
            listener.error(ErrorCode.UNSAFE_MUTATION, "refused a remote change from " + vector.source() + ": " + problem);
            return;
        }
        if (!binding.options().filter().permits(vector)) {
            listener.error(ErrorCode.ATTRIBUTE_NOT_ALLOWED, "refused a remote change from " + vector.source() + ": '"
                    + vector.name() + "' is outside the attribute lists of '" + vector.selector() + "'");
            return;
        }
        MutationVector winner = registers.remote(vector, mutation.serverSeq());
        if (winner != null) {
            binding.listener().applyRemote(binding.shown(winner));
        }
    }

    private void onAnswer(long seq, Long serverSeq) {
        InFlight sent = inFlight.remove(seq);
        if (sent == null) {
            if (texts.answered(seq) == TextDocuments.Outcome.EDIT_ACKNOWLEDGED) {
                retryAttempt = 0;
            }
        } else if (sent instanceof EntangleSent e) {
            Binding binding = bindings.get(e.selector());
            if (binding != null) {
                binding.listener().ready();
            }
        } else if (sent instanceof MutationSent m) {
            if (serverSeq != null) {
                retryAttempt = 0;
            }
            MutationVector shown = registers.answered(m.vector(), serverSeq);
            Binding binding = bindings.get(m.vector().selector());
            if (shown != null && binding != null) {
                binding.listener().applyRemote(binding.shown(shown));
            }
        } else if (sent instanceof OwnSent o) {
            o.answer().answered(null, null);
        }
    }

    private void onError(Message.Error error) {
        InFlight refused = error.seq() == null ? null : inFlight.get(error.seq());
        if (error.code().isTransient()
                && (refused instanceof MutationSent || error.seq() != null && texts.refusedForNow(error.seq()))) {
            // Refused for now (storage trouble, rate limit): keep it and send it again after a backoff.
            if (refused instanceof MutationSent m) {
                inFlight.remove(error.seq());
                registers.answered(m.vector(), null);
                unsent.putIfAbsent(m.vector().key(), m.vector());
            }
            listener.retryAfter(retryBackoff.delayMillis(retryAttempt++, Math.random()));
            listener.error(error.code(), error.message());
            return;
        }
        if (error.seq() != null) {
            InFlight sent = inFlight.get(error.seq());
            if (sent instanceof EntangleSent e) {
                inFlight.remove(error.seq());
                Binding binding = bindings.remove(e.selector());
                if (binding != null) {
                    binding.listener().refused(error.code(), error.message());
                }
            } else if (sent instanceof MutationSent) {
                // A refused change lets the hub's value win again: treat it as answered without a sequence.
                onAnswer(error.seq(), null);
            } else if (sent instanceof OwnSent o) {
                inFlight.remove(error.seq());
                o.answer().answered(error.code(), error.message());
                return; // the caller hears it; not an error of the page as a whole
            } else if (sent == null && texts.refused(error.seq(), error.code(), error.message())
                    == TextDocuments.Outcome.HANDLED) {
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
            restore(Json.parseObject(saved, json));
        } catch (JsonException | ProtocolException | RuntimeException e) {
            listener.error(ErrorCode.MALFORMED_JSON, "ignored an unreadable outbox saved by an earlier page: "
                    + e.getMessage());
        }
        touched();
        outbox.changed(); // what was saved may be all sent already, or unreadable: save anew either way
    }

    private void restore(JsonObject state) throws JsonException, ProtocolException {
        if (state.longValue("v") != OUTBOX_VERSION || !clientId.equals(state.string("clientId"))
                || !room.equals(state.string("room"))) {
            throw JsonException.malformed("an outbox of another client, room or version");
        }
        Map<String, MutationVector> values = new LinkedHashMap<>();
        for (Object frame : state.array("values")) {
            Message m = MessageCodec.decode(String.valueOf(frame), json);
            if (m instanceof Message.Mutation mutation && mutation.vector().source().equals(clientId)) {
                values.put(mutation.vector().key(), mutation.vector());
            }
        }
        texts.restore(state.array("texts"), state.optionalString("epoch"), json);
        session = state.string("session");
        nextSeq = state.longValue("nextSeq") + SEQUENCE_JUMP;
        hubEpoch = state.optionalString("epoch");
        unsent.putAll(values);
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
        Map<String, MutationVector> values = new LinkedHashMap<>(unsent);
        for (MutationVector held : batched.values()) {
            values.remove(held.key());
            values.put(held.key(), held);
        }
        for (InFlight sent : inFlight.values()) {
            if (sent instanceof MutationSent m && !unsent.containsKey(m.vector().key())) {
                values.remove(m.vector().key());
                values.put(m.vector().key(), m.vector());
            }
        }
        List<Object> valueFrames = new ArrayList<>();
        for (MutationVector vector : values.values()) {
            valueFrames.add(MessageCodec.encode(new Message.Mutation(vector, null), json));
        }
        return JsonObject.builder()
                .put("v", (long) OUTBOX_VERSION)
                .put("clientId", clientId)
                .put("room", room)
                .put("session", session)
                .put("nextSeq", nextSeq)
                .put("epoch", hubEpoch)
                .put("values", valueFrames)
                .put("texts", texts.outboxEntries(json))
                .write(json);
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

    private void sendEntangle(Binding binding) {
        long seq = nextSeq++;
        inFlight.put(seq, new EntangleSent(binding.selector()));
        BindingOptions options = binding.options();
        send(new Message.Entangle(seq, binding.selector(), options.to().wire(), options.mode(),
                options.filter().allow(), options.filter().ignore(), options.owned(), options.persistent()));
    }

    private void sendMutation(String selector, MutationKind kind, String name, String oldValue, String newValue) {
        long seq = nextSeq++;
        MutationVector vector = new MutationVector(selector, kind, name, oldValue, newValue, clientId, seq,
                clock.now());
        inFlight.put(seq, new MutationSent(vector));
        registers.baseline(vector);
        registers.sent(vector.key());
        if (soon == null) {
            send(new Message.Mutation(vector, null));
            return;
        }
        queued.add(new Message.Mutation(vector, null));
        if (queued.size() == 1) {
            soon.accept(this::sendQueued);
        }
    }

    /** A frame of queued changes stays well under the hub's 64 KiB frame limit. */
    static final int MAX_QUEUED_FRAME_CHARS = 16 * 1024; // at most 48 KiB of UTF-8

    /** Sends the changes queued in this task: one {@code mutation}, or {@code mutations} frames of bounded size. */
    private void sendQueued() {
        if (!open || queued.isEmpty()) {
            queued.clear();
            return;
        }
        List<Message.Mutation> frame = new ArrayList<>();
        int chars = 0;
        for (Message.Mutation m : queued) {
            int size = 160 + length(m.vector().selector()) + length(m.vector().name()) + length(m.vector().oldValue())
                    + length(m.vector().newValue());
            if (!frame.isEmpty() && (chars + size > MAX_QUEUED_FRAME_CHARS || frame.size() == MessageCodec.MAX_BATCH)) {
                sendFrame(frame);
                frame = new ArrayList<>();
                chars = 0;
            }
            frame.add(m);
            chars += size;
        }
        sendFrame(frame);
        queued.clear();
    }

    private void sendFrame(List<Message.Mutation> frame) {
        send(frame.size() == 1 ? frame.get(0) : new Message.MutationBatch(frame));
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private void send(Message message) {
        outlet.accept(MessageCodec.encode(message, json));
    }
}
