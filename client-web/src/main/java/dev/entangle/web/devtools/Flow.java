package dev.entangle.web.devtools;

import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last changes in and out of the page's clients, read from their frames: a change in carries
 * its latency (now minus the sender's timestamp), a change out gets its round trip when the hub's
 * answer comes back. Heartbeats and cursors are left out: they would flood everything else.
 */
final class Flow {

    /** One change as the panel lists it; {@code latency} is filled in later for a change out. */
    static final class Entry {
        final long at;
        final String client;
        final boolean outgoing;
        final String what;
        final String key;
        final String value;
        String latency;

        Entry(long at, String client, boolean outgoing, String what, String key, String value, String latency) {
            this.at = at;
            this.client = client;
            this.outgoing = outgoing;
            this.what = what;
            this.key = key;
            this.value = Report.shortened(value);
            this.latency = latency;
        }
    }

    static final int KEPT = 50;

    private final JsonEngine json;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** Changes out waiting for the hub's answer, by client and sequence ({@code client + " " + seq}). */
    private final Map<String, Entry> awaiting = new HashMap<>();
    private int changes;

    Flow(JsonEngine json) {
        this.json = json;
    }

    /** How many entries were added so far: the panel redraws the flow when it moved. */
    int changes() {
        return changes;
    }

    /** Newest first. */
    List<Entry> newestFirst() {
        List<Entry> out = new ArrayList<>(entries.size());
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }

    /** One frame of {@code client}'s, at {@code now} (ms since the epoch). */
    void frame(String client, boolean outgoing, String frame, long now) {
        Message message;
        try {
            message = MessageCodec.decode(frame, json);
        } catch (ProtocolException | RuntimeException e) {
            add(new Entry(now, client, outgoing, "unreadable", "", frame, ""));
            return;
        }
        if (outgoing) {
            sent(client, message, now);
        } else {
            received(client, message, now);
        }
    }

    private void sent(String client, Message message, long now) {
        if (message instanceof Message.Mutation m) {
            sentChange(client, m.vector(), now);
        } else if (message instanceof Message.MutationBatch batch) {
            for (Message.Mutation m : batch.items()) {
                sentChange(client, m.vector(), now);
            }
        } else if (message instanceof Message.TextOp op) {
            Entry entry = new Entry(now, client, true, "text edit", op.doc() + " @" + op.revision(),
                    String.valueOf(op.operation()), "\u2026");
            add(entry);
            if (op.seq() != null) {
                awaiting.put(client + " " + op.seq(), entry);
            }
        } else if (message instanceof Message.SyncPush push) {
            for (PushedOperation op : push.operations()) {
                Entry entry = new Entry(now, client, true, "operation", op.name(), json.write(op.args()), "\u2026");
                add(entry);
                awaiting.put(client + " op " + op.id(), entry);
            }
        } else if (message instanceof Message.Entangle e) {
            add(new Entry(now, client, true, "entangle", e.selector(), "to " + e.to() + ", " + e.mode().wire(), ""));
        } else if (message instanceof Message.Disentangle d) {
            add(new Entry(now, client, true, "disentangle", d.selector(), "", ""));
        } else if (message instanceof Message.Own own) {
            add(new Entry(now, client, true, "ownership", own.selector(), own.action()
                    + (own.to() == null ? "" : " to " + own.to()), ""));
        }
    }

    private void sentChange(String client, MutationVector vector, long now) {
        Entry entry = new Entry(now, client, true, vector.kind().wire(), key(vector), vector.newValue(), "\u2026");
        add(entry);
        awaiting.put(client + " " + vector.seq(), entry);
    }

    private void received(String client, Message message, long now) {
        if (message instanceof Message.Mutation m) {
            receivedChange(client, m.vector(), now);
        } else if (message instanceof Message.MutationBatch batch) {
            for (Message.Mutation m : batch.items()) {
                receivedChange(client, m.vector(), now);
            }
        } else if (message instanceof Message.Ack ack) {
            answered(client + " " + ack.seq(), now, "");
        } else if (message instanceof Message.Acks acks) {
            for (Message.Ack ack : acks.acks()) {
                answered(client + " " + ack.seq(), now, "");
            }
        } else if (message instanceof Message.Error error) {
            if (error.seq() != null) {
                answered(client + " " + error.seq(), now, " refused");
            }
            add(new Entry(now, client, false, "error", error.code().wire(), error.message(), ""));
        } else if (message instanceof Message.TextOp op) {
            if (op.seq() != null && (op.source() == null || op.source().equals(client))) {
                answered(client + " " + op.seq(), now, "");
            } else {
                add(new Entry(now, client, false, "text edit", op.doc() + " @" + op.revision(),
                        (op.source() == null ? "" : op.source() + ": ") + op.operation(), ""));
            }
        } else if (message instanceof Message.TextSnapshot snapshot) {
            add(new Entry(now, client, false, "text", snapshot.doc() + " @" + snapshot.revision(), snapshot.text(), ""));
        } else if (message instanceof Message.OperationConfirmed confirmed) {
            OperationResult result = confirmed.result();
            answered(client + " op " + result.id(), now, result.success() ? "" : " rejected: " + result.code());
        } else if (message instanceof Message.StateChanged changed) {
            add(new Entry(now, client, false, "state", "v" + changed.delta().serverSeq(),
                    changed.delta().full() ? "whole state" : "delta after v" + changed.delta().prevServerSeq(),
                    millis(now - changed.delta().serverTimestamp())));
        } else if (message instanceof Message.Peer peer) {
            add(new Entry(now, client, false, "peer", peer.clientId(), peer.event(), ""));
        } else if (message instanceof Message.Ownership ownership) {
            add(new Entry(now, client, false, "ownership", ownership.selector(),
                    ownership.owner() == null ? "nobody" : ownership.owner(), ""));
        }
    }

    private void receivedChange(String client, MutationVector vector, long now) {
        add(new Entry(now, client, false, vector.kind().wire(), key(vector),
                vector.source() + ": " + vector.newValue(), millis(now - vector.timestamp())));
    }

    /** The hub answered a change out: its round trip is the latency. */
    private void answered(String key, long now, String outcome) {
        Entry entry = awaiting.remove(key);
        if (entry != null) {
            entry.latency = "\u21bb " + millis(now - entry.at) + outcome;
            changes++;
        }
    }

    private void add(Entry entry) {
        entries.addLast(entry);
        changes++;
        while (entries.size() > KEPT) {
            Entry gone = entries.removeFirst();
            awaiting.values().removeIf(e -> e == gone); // not remove(gone): see docs/BENCHMARKS.md, equals
        }
    }

    private static String key(MutationVector vector) {
        return vector.name() == null ? vector.selector() : vector.selector() + " " + vector.name();
    }

    private static String millis(long ms) {
        return Math.max(0, ms) + " ms";
    }
}
