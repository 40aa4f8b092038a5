package dev.entangle.hub.doc;

import dev.entangle.core.ot.ChunkedDocument;
import dev.entangle.core.ot.TextClient;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Replays a recorded trace through real {@link TextClient}s and a real {@link Sequencer}, in
 * process: every transaction is made by its author's client, committed by the sequencer in file
 * order, and delivered to every other client (plus {@code readers} passive clients that only apply).
 *
 * <p>Before an author types a transaction it receives everything the hub has sent it. Operations
 * it received but had not seen when the trace was recorded (concurrent ones) are "hidden": the
 * recorded patch is built on the text the author saw and transformed past them, and each becomes
 * part of the author's view once the trace says the author had seen it (views are prefixes of the
 * file order, so they are revealed oldest first).
 */
public final class TraceReplay {

    private record Delivery(boolean ack, long clientSeq, int from, TextOperation operation) {
    }

    private final class Client implements TextClient.Channel {
        final int id;
        final ChunkedDocument document;
        final TextClient ot;
        final Deque<Delivery> inbox = new ArrayDeque<>();
        /** Operations applied to the document that this author had not seen yet, oldest first. */
        final List<TextOperation> hidden = new ArrayList<>();
        final int[] received; // per agent: operations received
        final int[] revealed; // per agent: operations that are part of the author's view
        private long nextSeq = 1;

        Client(int id, String start, long revision) {
            this.id = id;
            this.document = new ChunkedDocument(start);
            this.ot = new TextClient(revision, () -> nextSeq++, this);
            this.received = new int[agents];
            this.revealed = new int[agents];
        }

        @Override
        public void send(long clientSeq, long revision, TextOperation operation) {
            if (wire) { // as the hub would receive it
                long t0 = System.nanoTime();
                String sentFrame = MessageCodec.encode(new Message.TextOp(clientSeq, "doc", revision, operation, null));
                long t1 = System.nanoTime();
                operation = ((Message.TextOp) decode(sentFrame)).operation();
                jsonNanos[CLIENT_ENCODE] += t1 - t0;
                jsonNanos[HUB_DECODE] += System.nanoTime() - t1;
            }
            Sequencer.Outcome outcome;
            try {
                outcome = sequencer.commit("agent-" + id, clientSeq, revision, operation);
            } catch (Sequencer.InvalidOperation e) {
                throw new AssertionError(e);
            }
            Sequencer.Commit commit = ((Sequencer.Committed) outcome).commit();
            long t2 = System.nanoTime();
            String frame = wire ? MessageCodec.encode(new Message.TextOp(null, "doc", commit.revision(),
                    commit.operation(), "agent-" + id)) : null;
            jsonNanos[HUB_ENCODE] += wire ? System.nanoTime() - t2 : 0;
            for (Client client : clients) {
                if (client == this) {
                    client.inbox.add(new Delivery(true, clientSeq, id, null));
                } else { // each receiver decodes its own copy of the frame, as over a socket
                    long t3 = System.nanoTime();
                    TextOperation relayed = wire ? ((Message.TextOp) decode(frame)).operation() : commit.operation();
                    jsonNanos[CLIENT_DECODE] += wire ? System.nanoTime() - t3 : 0;
                    client.inbox.add(new Delivery(false, 0, id, relayed));
                }
            }
        }

        private int deliveringFrom;

        @Override
        public void applyRemote(TextOperation operation) {
            document.apply(operation);
            if (id < agents) {
                hidden.add(operation);
                received[deliveringFrom]++;
            }
        }

        void drain() {
            while (!inbox.isEmpty()) {
                Delivery delivery = inbox.poll();
                if (delivery.ack()) {
                    ot.serverAck(delivery.clientSeq());
                } else {
                    deliveringFrom = delivery.from();
                    ot.applyServer(delivery.operation());
                }
            }
        }

        void type(EditingTrace.Txn txn, int[] seen) {
            drain();
            // Reveal what the author had seen when it typed this transaction.
            for (int agent = 0; agent < agents; agent++) {
                while (agent != id && revealed[agent] < seen[agent]) {
                    if (hidden.isEmpty()) {
                        throw new IllegalStateException("agent " + id + " saw an operation of agent " + agent
                                + " that the hub has not committed");
                    }
                    hidden.remove(0);
                    revealed[agent]++;
                }
            }
            int viewLength = hidden.isEmpty() ? document.length() : hidden.get(0).baseLength();
            TextOperation operation = null;
            for (EditingTrace.Patch patch : txn.patches()) {
                int length = operation == null ? viewLength : operation.targetLength();
                TextOperation next = TextOperation.splice(length, patch.position(), patch.deleteCount(), patch.text());
                operation = operation == null ? next : operation.compose(next);
            }
            if (operation == null) {
                return;
            }
            for (int i = 0; i < hidden.size(); i++) {
                TextOperation[] t = TextOperation.transform(operation, hidden.get(i));
                operation = t[0];
                hidden.set(i, t[1]);
            }
            document.apply(operation);
            ot.applyClient(operation);
        }
    }

    private final int agents;
    private final boolean wire;
    /** With {@link #wire}: nanoseconds spent in JSON per hop, indexed by the constants below. */
    private final long[] jsonNanos = new long[4];
    public static final int CLIENT_ENCODE = 0;
    public static final int HUB_DECODE = 1;
    public static final int HUB_ENCODE = 2;
    public static final int CLIENT_DECODE = 3;

    /** Milliseconds spent in JSON on one hop ({@link #CLIENT_ENCODE} … {@link #CLIENT_DECODE}). */
    public double jsonMillis(int hop) {
        return jsonNanos[hop] / 1e6;
    }
    private final Sequencer sequencer;
    private final List<Client> clients = new ArrayList<>();

    public TraceReplay(EditingTrace trace, int readers) {
        this(trace, readers, false);
    }

    /** With {@code wire}, every operation is encoded to a JSON frame and decoded again on each hop. */
    public TraceReplay(EditingTrace trace, int readers, boolean wire) {
        this.wire = wire;
        this.agents = trace.agents();
        this.sequencer = new Sequencer(trace.startContent());
        for (int i = 0; i < agents + readers; i++) {
            clients.add(new Client(i, trace.startContent(), 0));
        }
    }

    /** Replays every transaction, then delivers everything still in flight. */
    public void run(EditingTrace trace) {
        int[][] seenBy = versionVectors(trace);
        for (int i = 0; i < trace.txns().size(); i++) {
            EditingTrace.Txn txn = trace.txns().get(i);
            clients.get(txn.agent()).type(txn, seenBy[i]);
            if (clients.size() > agents) {
                for (int r = agents; r < clients.size(); r++) {
                    clients.get(r).drain();
                }
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Client client : clients) {
                moved |= !client.inbox.isEmpty();
                client.drain();
            }
        }
    }

    private static Message decode(String frame) {
        try {
            return MessageCodec.decode(frame);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    public String hubText() {
        return sequencer.text();
    }

    public long revision() {
        return sequencer.revision();
    }

    public List<String> clientTexts() {
        List<String> texts = new ArrayList<>();
        for (Client client : clients) {
            texts.add(client.document.text());
        }
        return texts;
    }

    /**
     * For each transaction, how many transactions of each agent its author had seen: its own
     * earlier ones and the others' in its ancestry (a prefix of each agent's transactions).
     */
    static int[][] versionVectors(EditingTrace trace) {
        int agents = trace.agents();
        int[][] seen = new int[trace.txns().size()][];
        int[] countByAgent = new int[agents];
        int[] ordinal = new int[trace.txns().size()]; // 1-based index of the txn among its agent's
        for (int i = 0; i < trace.txns().size(); i++) {
            EditingTrace.Txn txn = trace.txns().get(i);
            ordinal[i] = ++countByAgent[txn.agent()];
            int[] vector = new int[agents];
            if (agents == 1) {
                vector[0] = i;
            } else {
                for (int parent : txn.parents()) {
                    int[] parentVector = seen[parent];
                    for (int a = 0; a < agents; a++) {
                        vector[a] = Math.max(vector[a], parentVector[a]);
                    }
                    int parentAgent = trace.txns().get(parent).agent();
                    vector[parentAgent] = Math.max(vector[parentAgent], ordinal[parent]);
                }
            }
            seen[i] = vector;
        }
        return seen;
    }
}
