package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * A raw protocol client of {@link RoomOrderPropertyTest}: joins a room, binds the shared values, an
 * owned binding and a text document, then follows a script drawn from a seed — values, {@code
 * mutations} frames, text edits and ownership moves, several messages in flight — and records every
 * change it learns of in arrival order. Run on its own thread; read by the test's thread afterwards.
 */
final class ScriptedRoomClient {
    static final List<String> SHARED = List.of("#a", "#b", "#c");
    /** Owned: only the token's holder writes it; the token moves by request, transfer and release. */
    static final String OWNED = "#owned";
    /** Each client's last change, once all its others are answered: seen by all, everything before is delivered. */
    static final String FENCE = "#fence";
    static final String DOC = "notes";
    /** The key under which ownership moves of {@link #OWNED} are recorded. */
    static final String OWNER = "owner of " + OWNED;
    /** Every text edit inserts this many code points, so the document at revision r is 2r long. */
    static final int INSERT_LENGTH = 2;
    /** Messages a client may have unanswered at once: enough to interleave with everyone else's. */
    private static final int WINDOW = 6;

    /** A change as a client saw it (its own acknowledged, or another's relayed): key, number in the key's order, value, author. */
    record Seen(String key, long number, String value, String source) {
    }

    enum Kind { VALUE, EDIT, OWN_REQUEST, OWN_MOVE }

    /** What a client sent with one {@code seq}. */
    record Sent(Kind kind, String key, String value) {
    }

    final String id;
    final RawSocketClient socket;
    private final Random script;
    private final List<String> peers;
    private long seq;
    final Map<Long, Sent> sent = new HashMap<>();
    private final Set<Long> unanswered = new LinkedHashSet<>();
    /** Every change it learnt of, own and others', in arrival order. */
    final List<Seen> seen = new ArrayList<>();
    /** Its own changes' acks: seq to serverSeq (or revision), by seq. */
    final Map<Long, Long> acks = new HashMap<>();
    /** Its ownership messages the hub acknowledged. */
    final Set<Long> ownAcks = new HashSet<>();
    /** Others' edits relayed to it, by revision, and who made each. */
    final Map<Long, TextOperation> relayedOps = new HashMap<>();
    final Map<Long, String> relayedEditSources = new HashMap<>();
    final List<String> problems = new ArrayList<>();
    private long newestRevision;
    private boolean editInFlight;
    /** The holder of {@link #OWNED} as this client last heard (null: nobody). */
    private String owner;
    /** Whether it holds the token and has not given it away: only then does it write {@link #OWNED}. */
    private boolean holding;

    ScriptedRoomClient(String url, String room, String id, List<String> peers, long seed) throws Exception {
        this.id = id;
        this.peers = peers;
        this.script = new Random(seed * 31 + id.hashCode());
        socket = new RawSocketClient(url);
        socket.send(MessageCodec.encode(new Message.Hello(id, room, id + "-tab")));
        socket.next("\"welcome\"");
        for (String selector : SHARED) {
            setUp(new Message.Entangle(++seq, selector, "*", Mode.BIDIRECTIONAL));
        }
        setUp(new Message.Entangle(++seq, FENCE, "*", Mode.BIDIRECTIONAL));
        setUp(new Message.Entangle(++seq, OWNED, "*", Mode.BIDIRECTIONAL, null, null, true, false));
        setUp(new Message.TextOpen(++seq, DOC, null, null));
        holding = id.equals(owner);
    }

    /** Sends a set-up message and reads up to its ack; an {@code ownership} on the way names the holder. */
    private void setUp(Message message) throws Exception {
        socket.send(MessageCodec.encode(message));
        while (true) {
            String frame = socket.poll(10_000);
            assertNotNull(frame, id + ": no answer to " + message);
            Message answer = MessageCodec.decode(frame);
            if (answer instanceof Message.Ownership o && o.selector().equals(OWNED)) {
                owner = o.owner();
            } else if (answer instanceof Message.Ack ack && ack.seq() == seq) {
                return;
            } else if (answer instanceof Message.Error error) {
                throw new AssertionError(id + " was refused: " + error);
            }
        }
    }

    /** Runs {@code steps} of the script, then its fence once every message is answered. */
    void run(int steps) {
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            for (int step = 0; step < steps; step++) {
                take(0);
                awaitAnswers(WINDOW - 1, deadline);
                int action = script.nextInt(13);
                if (action < 5 || (action >= 8 && action < 10 && editInFlight)) {
                    sendValues(1);
                } else if (action < 8) {
                    sendValues(2 + script.nextInt(3));
                } else if (action < 10) {
                    sendEdit();
                } else {
                    ownershipStep();
                }
                switch (script.nextInt(3)) {
                    case 0 -> Thread.yield();
                    case 1 -> LockSupport.parkNanos(script.nextInt(300_000));
                    default -> { }
                }
            }
            awaitAnswers(0, deadline);
            sendValue(FENCE);
            awaitAnswers(0, deadline);
        } catch (Exception | AssertionError e) {
            problems.add(id + ": " + e);
        }
    }

    private void awaitAnswers(int atMost, long deadline) throws Exception {
        while (unanswered.size() > atMost && System.currentTimeMillis() < deadline) {
            take(100);
        }
        if (unanswered.size() > atMost) {
            throw new AssertionError("no answer to seq " + unanswered + " within a minute");
        }
    }

    /** One {@code mutation}, or a {@code mutations} frame of {@code count} (a selector may come twice). */
    private void sendValues(int count) {
        List<Message.Mutation> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String selector = SHARED.get(script.nextInt(SHARED.size()));
            long mine = ++seq;
            String value = id + ":" + mine;
            sent.put(mine, new Sent(Kind.VALUE, selector, value));
            unanswered.add(mine);
            items.add(new Message.Mutation(new MutationVector(selector, MutationKind.PROPERTY, "value", null, value, id,
                    mine, mine), null));
        }
        socket.send(MessageCodec.encode(count == 1 ? items.get(0) : new Message.MutationBatch(items)));
    }

    /** One {@code mutation} of {@code selector}. */
    private void sendValue(String selector) {
        long mine = ++seq;
        String value = id + ":" + mine;
        sent.put(mine, new Sent(Kind.VALUE, selector, value));
        unanswered.add(mine);
        socket.send(MessageCodec.encode(new Message.Mutation(new MutationVector(selector, MutationKind.PROPERTY, "value",
                null, value, id, mine, mine), null)));
    }

    /** An insertion at a random place of the newest revision it knows (one edit in flight, as the browser client). */
    private void sendEdit() {
        long mine = ++seq;
        int length = (int) newestRevision * INSERT_LENGTH;
        String piece = id.substring(id.length() - 1) + (char) ('a' + script.nextInt(26));
        sent.put(mine, new Sent(Kind.EDIT, DOC, piece));
        unanswered.add(mine);
        editInFlight = true;
        socket.send(MessageCodec.encode(new Message.TextOp(mine, DOC, newestRevision,
                TextOperation.splice(length, script.nextInt(length + 1), 0, piece), null)));
    }

    /**
     * The holder writes the owned value, or gives the token to another client or up; a client without
     * it asks for it (refused with {@code not_owner} when someone holds it, or got it first).
     */
    private void ownershipStep() {
        boolean write = script.nextInt(2) == 0;
        if (!holding) {
            long mine = ++seq;
            sent.put(mine, new Sent(Kind.OWN_REQUEST, OWNED, id));
            unanswered.add(mine);
            socket.send(MessageCodec.encode(new Message.Own(mine, OWNED, "request", null)));
        } else if (write) {
            sendValue(OWNED);
        } else {
            // From here on it does not write the owned value: the token may be gone before the hub reads a change.
            holding = false;
            String to = script.nextInt(3) == 0 ? null : peers.get(script.nextInt(peers.size()));
            long mine = ++seq;
            sent.put(mine, new Sent(Kind.OWN_MOVE, OWNED, to));
            unanswered.add(mine);
            socket.send(MessageCodec.encode(new Message.Own(mine, OWNED, to == null ? "release" : "transfer", to)));
        }
    }

    /** Handles every frame waiting, or the first to come within {@code millis} when none is. */
    void take(long millis) throws Exception {
        String frame = socket.poll(millis);
        while (frame != null) {
            handle(MessageCodec.decode(frame));
            frame = socket.poll(0);
        }
    }

    private void handle(Message message) {
        if (message instanceof Message.Ack ack) {
            acknowledged(ack);
        } else if (message instanceof Message.Acks many) {
            many.acks().forEach(this::acknowledged);
        } else if (message instanceof Message.Mutation m) {
            relayed(m);
        } else if (message instanceof Message.MutationBatch batch) {
            batch.items().forEach(this::relayed);
        } else if (message instanceof Message.TextOp op) {
            seen.add(new Seen(DOC, op.revision(), null, op.source()));
            relayedOps.put(op.revision(), op.operation());
            relayedEditSources.put(op.revision(), op.source());
            newestRevision = Math.max(newestRevision, op.revision());
        } else if (message instanceof Message.Ownership o && o.selector().equals(OWNED)) {
            owner = o.owner();
            holding = id.equals(owner);
            seen.add(new Seen(OWNER, count(OWNER) + 1, String.valueOf(owner), null));
        } else if (message instanceof Message.Error error) {
            Sent refused = error.seq() == null ? null : sent.get(error.seq());
            if (error.seq() != null) {
                unanswered.remove(error.seq());
            }
            boolean askedForAHeldToken = refused != null && refused.kind() == Kind.OWN_REQUEST
                    && error.code() == ErrorCode.NOT_OWNER;
            if (!askedForAHeldToken) {
                problems.add(id + " was refused: " + error);
            }
        }
    }

    private void acknowledged(Message.Ack ack) {
        Sent mine = sent.get(ack.seq());
        if (mine == null || !unanswered.remove(ack.seq())) {
            problems.add(id + ": an ack of nothing unanswered: " + ack);
            return;
        }
        switch (mine.kind()) {
            case VALUE -> {
                acks.put(ack.seq(), ack.serverSeq());
                seen.add(new Seen(mine.key(), ack.serverSeq(), mine.value(), id));
            }
            case EDIT -> {
                acks.put(ack.seq(), ack.serverSeq());
                seen.add(new Seen(DOC, ack.serverSeq(), null, id));
                newestRevision = Math.max(newestRevision, ack.serverSeq());
                editInFlight = false;
            }
            default -> ownAcks.add(ack.seq()); // the move itself is learnt of from its `ownership` frame
        }
    }

    private void relayed(Message.Mutation m) {
        seen.add(new Seen(m.vector().selector(), m.serverSeq(), m.vector().newValue(), m.vector().source()));
    }

    long count(String key) {
        return seen.stream().filter(s -> s.key().equals(key)).count();
    }
}
