package dev.entangle.core.session;

import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationSafety;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Transform;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The elements a session binds and their values: each binding's options and listener, the local
 * changes the hub has not acknowledged (unsent, held by a batching window, in flight), and
 * last-writer-wins in the hub's order ({@link HubOrderedRegisters}) for what the hub relays. The
 * session hands it the value frames from the hub and the answers to the frames it sent.
 */
final class BoundValues {

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

    /** What one of our frames in flight was. */
    private sealed interface Sent permits EntangleSent, MutationSent {
    }

    private record EntangleSent(String selector) implements Sent {
    }

    private record MutationSent(MutationVector vector) implements Sent {
    }

    private final String clientId;
    private final Wire wire;
    private final Clock clock;
    private final SessionListener listener;
    private final JsonEngine json;
    private final MutationFrames frames;
    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    /** In send order, so that after a drop the newest in-flight value of a key is the one resent. */
    private final Map<Long, Sent> inFlight = new LinkedHashMap<>();
    /** Local values not yet sent (made while offline, or in flight when the connection dropped), newest per key. */
    private final Map<String, MutationVector> unsent = new LinkedHashMap<>();
    private final HubOrderedRegisters registers = new HubOrderedRegisters();
    /** Local changes held by a binding's batching window, newest per key (the first one's old value kept). */
    private final Map<String, MutationVector> batched = new LinkedHashMap<>();
    /** When each key's last change went out, for the batching window. */
    private final Map<String, Long> lastSentAt = new HashMap<>();
    private boolean flushScheduled;

    BoundValues(String clientId, Wire wire, Clock clock, SessionListener listener, JsonEngine json) {
        this.clientId = clientId;
        this.wire = wire;
        this.clock = clock;
        this.listener = listener;
        this.json = json;
        this.frames = new MutationFrames(wire);
    }

    /** See {@link ClientSession#coalesceFrames}. */
    void coalesceFrames(Consumer<Runnable> soon) {
        frames.coalesce(soon);
    }

    /** Local changes not acknowledged yet: unsent, held by a batching window, or in flight. */
    int pending() {
        int count = unsent.size() + batched.size();
        for (Sent sent : inFlight.values()) {
            if (sent instanceof MutationSent) {
                count++;
            }
        }
        return count;
    }

    /** A new connection: entangle every binding again (the hub replies with the current values). */
    void connected() {
        for (Binding binding : bindings.values()) {
            sendEntangle(binding);
        }
    }

    /**
     * Sends the unsent values of bound elements ({@code selector}'s only, unless null). A value an
     * earlier page load left for an element not entangled again yet waits for its binding.
     */
    void sendUnsent(String selector) {
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

    /** The connection dropped. Changes in flight may not have arrived: keep them to resend, newest per key. */
    void connectionLost() {
        for (Sent sent : inFlight.values()) {
            if (sent instanceof MutationSent m) {
                unsent.put(m.vector().key(), m.vector());
            }
        }
        inFlight.clear();
        frames.connectionLost(); // their entries were in flight: they are unsent now, and go out on the next connection
        for (MutationVector held : batched.values()) {
            unsent.remove(held.key());
            unsent.put(held.key(), held);
        }
        batched.clear();
        registers.connectionLost();
    }

    void entangle(String selector, BindingOptions options, BindingListener bindingListener) {
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
        if (wire.isOpen()) {
            sendEntangle(binding);
            sendUnsent(selector);
        }
    }

    void disentangle(String selector) {
        if (bindings.remove(selector) != null) {
            unsent.values().removeIf(v -> v.selector().equals(selector));
            batched.values().removeIf(v -> v.selector().equals(selector));
            if (wire.isOpen()) {
                wire.send(new Message.Disentangle(wire.nextSeq(), selector));
            }
        }
    }

    boolean isEntangled(String selector) {
        return bindings.containsKey(selector);
    }

    /** The listener of {@code selector}'s binding, or null when it is not entangled. */
    BindingListener listenerOf(String selector) {
        Binding binding = bindings.get(selector);
        return binding == null ? null : binding.listener();
    }

    /** See {@link ClientSession#localChange}; false when the binding does not take the change. */
    boolean localChange(String selector, MutationKind kind, String name, String oldValue, String newValue) {
        Binding binding = bindings.get(selector);
        if (binding == null || !binding.options().filter().permits(kind, name)) {
            return false;
        }
        if (kind != MutationKind.CHILDREN) {
            oldValue = binding.options().transform().inverse(oldValue);
            newValue = binding.options().transform().inverse(newValue);
        }
        int window = binding.options().batchMillis();
        if (wire.isOpen() && window > 0) {
            batch(selector, kind, name, oldValue, newValue, window);
        } else if (wire.isOpen()) {
            sendMutation(selector, kind, name, oldValue, newValue);
        } else {
            MutationVector vector = new MutationVector(selector, kind, name, oldValue, newValue, clientId, 0,
                    clock.now());
            unsent.remove(vector.key()); // re-insert so the newest value is also the last one sent
            unsent.put(vector.key(), vector);
        }
        return true;
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

    /** Sends the changes held by batching windows; false when there was nothing to send. */
    boolean flush() {
        flushScheduled = false;
        if (!wire.isOpen() || batched.isEmpty()) {
            return false;
        }
        long now = clock.now();
        List<MutationVector> toSend = new ArrayList<>(batched.values());
        batched.clear();
        for (MutationVector held : toSend) {
            lastSentAt.put(held.key(), now);
            sendMutation(held.selector(), held.kind(), held.name(), held.oldValue(), held.newValue());
        }
        return true;
    }

    /** A value the hub relays: checked, then applied when it wins in the hub's order. */
    void remote(Message.Mutation mutation) {
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

    /** The hub answered {@code seq}: accepted as {@code serverSeq}, or (null) refused for good. */
    Outcome answered(long seq, Long serverSeq) {
        Sent sent = inFlight.remove(seq);
        if (sent instanceof EntangleSent e) {
            Binding binding = bindings.get(e.selector());
            if (binding != null) {
                binding.listener().ready();
            }
            return Outcome.HANDLED;
        }
        if (!(sent instanceof MutationSent m)) {
            return Outcome.NOT_MINE;
        }
        MutationVector shown = registers.answered(m.vector(), serverSeq);
        Binding binding = bindings.get(m.vector().selector());
        if (shown != null && binding != null) {
            binding.listener().applyRemote(binding.shown(shown));
        }
        return serverSeq != null ? Outcome.ACKNOWLEDGED : Outcome.HANDLED;
    }

    /** A refusal for now (storage trouble, rate limit): true when it was a change of ours, kept to send again. */
    boolean refusedForNow(long seq) {
        if (!(inFlight.get(seq) instanceof MutationSent m)) {
            return false;
        }
        inFlight.remove(seq);
        registers.answered(m.vector(), null);
        unsent.putIfAbsent(m.vector().key(), m.vector());
        return true;
    }

    /** A refusal of {@code seq} for good: a refused binding is gone, a refused change lets the hub's value win again. */
    Outcome refused(long seq, ErrorCode code, String message) {
        Sent sent = inFlight.get(seq);
        if (sent instanceof EntangleSent e) {
            inFlight.remove(seq);
            Binding binding = bindings.remove(e.selector());
            if (binding != null) {
                binding.listener().refused(code, message);
            }
            return Outcome.REPORT;
        }
        if (sent instanceof MutationSent) {
            answered(seq, null); // treated as answered without a sequence
            return Outcome.REPORT;
        }
        return Outcome.NOT_MINE;
    }

    /** The hub's sequences started again (a new hub epoch). */
    void forgetSequences() {
        registers.forgetSequences();
    }

    /** What the outbox keeps of the values: those not acknowledged, newest per key. */
    List<MutationVector> outboxValues() {
        Map<String, MutationVector> values = new LinkedHashMap<>(unsent);
        for (MutationVector held : batched.values()) {
            values.remove(held.key());
            values.put(held.key(), held);
        }
        for (Sent sent : inFlight.values()) {
            if (sent instanceof MutationSent m && !unsent.containsKey(m.vector().key())) {
                values.remove(m.vector().key());
                values.put(m.vector().key(), m.vector());
            }
        }
        return new ArrayList<>(values.values());
    }

    /** Takes back the values an earlier page load left unsent (shown when their element is entangled again). */
    void restore(Collection<MutationVector> values) {
        for (MutationVector vector : values) {
            unsent.put(vector.key(), vector);
        }
    }

    private void sendEntangle(Binding binding) {
        long seq = wire.nextSeq();
        inFlight.put(seq, new EntangleSent(binding.selector()));
        BindingOptions options = binding.options();
        wire.send(new Message.Entangle(seq, binding.selector(), options.to().wire(), options.mode(),
                options.filter().allow(), options.filter().ignore(), options.owned(), options.persistent()));
    }

    private void sendMutation(String selector, MutationKind kind, String name, String oldValue, String newValue) {
        long seq = wire.nextSeq();
        MutationVector vector = new MutationVector(selector, kind, name, oldValue, newValue, clientId, seq,
                clock.now());
        inFlight.put(seq, new MutationSent(vector));
        registers.baseline(vector);
        registers.sent(vector.key());
        frames.send(new Message.Mutation(vector, null));
    }
}
