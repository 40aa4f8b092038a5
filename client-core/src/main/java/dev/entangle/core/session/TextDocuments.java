package dev.entangle.core.session;

import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.ot.TextClient;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.MessageFamily;
import dev.entangle.core.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text documents a session follows: a {@link TextFollower} each, the text messages in flight,
 * and the unacknowledged edits an earlier page load left in the outbox (taken back when their
 * document is opened again). The session hands it the text frames from the hub and the answers to
 * the frames it sent.
 */
final class TextDocuments implements TextFollower.Outlet {

    /** What one of our frames in flight was. */
    private sealed interface Sent permits OpenSent, OpSent {
        String doc();
    }

    private record OpenSent(String doc) implements Sent {
    }

    private record OpSent(String doc) implements Sent {
    }

    /**
     * What an earlier page load left unacknowledged in a document not opened again yet: the text it
     * showed, the edits, and the hub's text at {@code revision} they were based on ({@code base},
     * null in an outbox saved before it was kept).
     */
    private record SavedText(long revision, String epoch, String text, TextClient.Unconfirmed unconfirmed, String base) {
    }

    private final Wire wire;
    private final Map<String, TextFollower> followers = new LinkedHashMap<>();
    private final Map<String, SavedText> saved = new LinkedHashMap<>();
    private final Map<Long, Sent> inFlight = new LinkedHashMap<>();

    TextDocuments(Wire wire) {
        this.wire = wire;
    }

    void open(String doc, TextListener listener) {
        String problem = Identifiers.problemWithSelector(doc);
        if (problem != null) {
            throw new IllegalArgumentException("doc " + problem);
        }
        if (followers.containsKey(doc)) {
            throw new IllegalStateException("document '" + doc + "' is already open in this client");
        }
        TextFollower follower = new TextFollower(doc, listener, this);
        followers.put(doc, follower);
        SavedText left = saved.remove(doc);
        if (left != null) {
            follower.restore(left.revision(), left.epoch(), left.text(), left.unconfirmed(), left.base());
        }
        if (wire.isOpen()) {
            follower.open();
        }
    }

    boolean isOpen(String doc) {
        return followers.containsKey(doc);
    }

    /** The hub revision {@code doc} is at here, or -1 when it is not open or the hub has not sent it yet. */
    long revision(String doc) {
        TextFollower follower = followers.get(doc);
        return follower == null ? -1 : follower.knownRevision();
    }

    void close(String doc) {
        followers.remove(doc);
    }

    void edit(String doc, TextOperation operation) {
        TextFollower follower = followers.get(doc);
        if (follower == null) {
            throw new IllegalStateException("document '" + doc + "' is not open");
        }
        follower.localEdit(operation);
    }

    void cursorMoved(String doc) {
        TextFollower follower = followers.get(doc);
        if (follower != null) {
            follower.cursorMoved();
        }
    }

    /** A new connection: every document is opened again from the revision it had. */
    void connected() {
        for (TextFollower follower : followers.values()) {
            follower.open();
        }
    }

    /** The connection dropped: what was in flight is resent after the next catch-up. */
    void connectionLost() {
        inFlight.clear();
    }

    /** After a refusal for now: resend the edits of documents with nothing on its way. */
    void retry() {
        for (TextFollower follower : followers.values()) {
            if (!inFlightFor(follower.doc())) {
                follower.caughtUp();
            }
        }
    }

    private boolean inFlightFor(String doc) {
        for (Sent sent : inFlight.values()) {
            if (sent.doc().equals(doc)) {
                return true;
            }
        }
        return false;
    }

    /** Documents with edits the hub has not acknowledged, open or left by an earlier page load. */
    int pending() {
        int count = saved.size();
        for (TextFollower follower : followers.values()) {
            if (follower.hasPendingEdits()) {
                count++;
            }
        }
        return count;
    }

    /** A text frame from the hub: {@code text-snapshot}, {@code text-op} or {@code text-cursor}. */
    void receive(Message message) {
        if (message instanceof Message.TextSnapshot t) {
            TextFollower follower = followers.get(t.doc());
            if (follower != null) {
                follower.snapshot(t.revision(), t.text(), t.lastSeq(), wire.hubEpoch());
            }
        } else if (message instanceof Message.TextOp t) {
            TextFollower follower = followers.get(t.doc());
            if (follower != null) {
                follower.remoteOperation(t.revision(), t.operation());
            }
        } else if (message instanceof Message.TextCursor t) {
            TextFollower follower = followers.get(t.doc());
            if (follower != null) {
                follower.remoteCursor(t);
            }
        }
    }

    /** The hub acknowledged {@code seq}. */
    Outcome answered(long seq) {
        Sent sent = inFlight.remove(seq);
        if (sent == null) {
            // Catching up after a reconnect, the hub acknowledges our edits it had committed before the
            // drop; their entries went with the old connection. Sequence numbers are unique in this
            // session, so only the follower whose outstanding edit this is reacts.
            for (TextFollower follower : followers.values()) {
                follower.acknowledged(seq);
            }
            return Outcome.NOT_MINE;
        }
        TextFollower follower = followers.get(sent.doc());
        if (follower == null) {
            return Outcome.HANDLED;
        }
        if (sent instanceof OpSent) {
            follower.acknowledged(seq);
            return Outcome.ACKNOWLEDGED;
        }
        follower.caughtUp();
        return Outcome.HANDLED;
    }

    /** A refusal of an edit for now (storage trouble, rate limit): true when it was ours, to send again later. */
    boolean refusedForNow(long seq) {
        if (inFlight.get(seq) instanceof OpSent) {
            inFlight.remove(seq);
            return true;
        }
        return false;
    }

    /** A refusal of {@code seq} for good. */
    Outcome refused(long seq, ErrorCode code, String message) {
        Sent sent = inFlight.remove(seq);
        if (sent == null) {
            return Outcome.NOT_MINE;
        }
        if (sent instanceof OpSent) {
            TextFollower follower = followers.get(sent.doc());
            if (follower != null && code == ErrorCode.REVISION_TOO_OLD) {
                follower.open(); // the whole text comes back, and the edit is rebased onto it
                return Outcome.HANDLED;
            } else if (follower != null) {
                follower.resync();
            }
        } else {
            TextFollower follower = followers.remove(sent.doc());
            if (follower != null) {
                follower.refused(code, message);
            }
        }
        return Outcome.REPORT;
    }

    // --- TextFollower.Outlet ---

    @Override
    public long nextSeq() {
        return wire.nextSeq();
    }

    @Override
    public void sendTextOpen(String doc, long seq, Long revision, String epoch) {
        if (wire.isOpen()) {
            inFlight.put(seq, new OpenSent(doc));
            wire.send(new Message.TextOpen(seq, doc, revision, epoch));
        }
    }

    @Override
    public void sendTextOp(String doc, long seq, long revision, TextOperation operation) {
        if (wire.isOpen()) { // when closed, the state machine keeps it and resends after the next catch-up
            inFlight.put(seq, new OpSent(doc));
            wire.send(new Message.TextOp(seq, doc, revision, operation, null));
        }
    }

    @Override
    public void sendCursor(String doc, long revision, int anchor, int head) {
        if (wire.isOpen()) {
            wire.send(new Message.TextCursor(doc, revision, anchor, head, null));
        }
    }

    // --- the outbox ---

    /**
     * Per document with unacknowledged edits: its revision and epoch, its local text, the hub's text
     * the edits were based on, and the operations in flight and behind, as protocol frames.
     */
    List<Object> outboxEntries(JsonEngine json) {
        List<Object> entries = new ArrayList<>();
        for (TextFollower follower : followers.values()) {
            TextClient.Unconfirmed unconfirmed = follower.unconfirmed();
            if (unconfirmed != null) {
                entries.add(entry(follower.doc(), new SavedText(follower.revision(), follower.epoch(), follower.text(),
                        unconfirmed, follower.committedText()), json));
            }
        }
        saved.forEach((doc, left) -> entries.add(entry(doc, left, json)));
        return entries;
    }

    private static Object entry(String doc, SavedText saved, JsonEngine json) {
        TextClient.Unconfirmed unconfirmed = saved.unconfirmed();
        return JsonObject.builder()
                .put("text", saved.text())
                .put("epoch", saved.epoch())
                .put("base", saved.base())
                .put("sent", MessageCodec.encodeAsClient(new Message.TextOp(unconfirmed.clientSeq(), doc, saved.revision(),
                        unconfirmed.outstanding(), null), json, MessageFamily.NONE))
                .put("buffer", unconfirmed.buffer() == null ? null : MessageCodec.encodeAsClient(new Message.TextOp(0L, doc,
                        saved.revision(), unconfirmed.buffer(), null), json, MessageFamily.NONE))
                .build();
    }

    /**
     * Takes back the entries an earlier page load saved ({@link #outboxEntries}); {@code sessionEpoch}
     * stands for an entry's epoch in outboxes saved before each kept its own. All or nothing.
     */
    void restore(List<?> entries, String sessionEpoch, JsonEngine json) throws JsonException, ProtocolException {
        Map<String, SavedText> docs = new LinkedHashMap<>();
        for (Object raw : entries) {
            JsonObject text = JsonObject.from(raw);
            Message sent = MessageCodec.decodeAsClient(text.string("sent"), json, MessageFamily.NONE);
            if (!(sent instanceof Message.TextOp op) || op.seq() == null) {
                throw JsonException.malformed("a saved text without its operation in flight");
            }
            TextOperation buffer = null;
            String bufferFrame = text.optionalString("buffer");
            if (bufferFrame != null
                    && MessageCodec.decodeAsClient(bufferFrame, json, MessageFamily.NONE) instanceof Message.TextOp b) {
                buffer = b.operation();
            }
            String epoch = text.has("epoch") ? text.string("epoch") : sessionEpoch;
            docs.put(op.doc(), new SavedText(op.revision(), epoch, text.string("text"),
                    new TextClient.Unconfirmed(op.seq(), op.operation(), buffer), text.optionalString("base")));
        }
        saved.putAll(docs);
    }
}
