package dev.entangle.core.session;

import dev.entangle.core.ot.ChunkedDocument;
import dev.entangle.core.ot.TextClient;
import dev.entangle.core.ot.TextDiff;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import java.util.function.LongSupplier;

/**
 * One text document a session follows: the OT client state machine plus what it takes to
 * survive reconnects (re-open at the last revision seen, catch up, then resend what is in flight)
 * and to move cursors in the right coordinates. Edits the hub has not acknowledged are never
 * dropped: when the hub answers a re-open with its whole text instead of the operations missed
 * (the client was too far behind, or the hub's history is new), they are rebased onto that text.
 */
final class TextFollower implements TextClient.Channel {
    /** How the follower reaches the hub; implemented by {@link TextDocuments}. */
    interface Outlet {
        long nextSeq();

        /** {@code epoch}: the hub history {@code revision} belongs to (null with a null revision). */
        void sendTextOpen(String doc, long seq, Long revision, String epoch);

        void sendTextOp(String doc, long seq, long revision, TextOperation operation);

        void sendCursor(String doc, long revision, int anchor, int head);
    }

    private final String doc;
    private final TextListener listener;
    private final Outlet outlet;
    private final LongSupplier seqs;
    private TextClient ot;
    // The hub's text at ot's revision, without the edits it has not acknowledged: a whole text from
    // the hub is compared with it to rebase those edits. Null before the first text, and for edits
    // restored from an outbox that did not save it.
    private ChunkedDocument committed;
    // The hub history (epoch) the revision counts in: a page restored from its outbox reopens with the
    // epoch it saved, not the one of the hub it has just joined, so a new history is recognised.
    private String epoch;
    // From each text-open until the hub's answer to it: our revision may count in another hub's
    // history (a restarted hub with new data numbers from the start again, and a text-op carries no
    // epoch), so edits and cursors wait, and go out in the hub's coordinates once it has answered.
    private boolean reopening;
    private boolean cursorMoved;

    TextFollower(String doc, TextListener listener, Outlet outlet) {
        this.doc = doc;
        this.listener = listener;
        this.outlet = outlet;
        this.seqs = outlet::nextSeq;
    }

    /** An edit of ours is in flight or waiting behind one. */
    boolean hasPendingEdits() {
        return ot != null && !ot.isSynchronized();
    }

    /**
     * On every new connection, and when the hub could no longer transform our edit: follow again
     * from the last revision seen (or from a snapshot).
     */
    void open() {
        reopening = true;
        outlet.sendTextOpen(doc, outlet.nextSeq(), ot == null ? null : ot.revision(), ot == null ? null : epoch);
    }

    /**
     * Takes up where an earlier page load stopped: the text it showed, the edits the hub had not
     * acknowledged, and the hub's text they were based on ({@code base}; null if not saved).
     */
    void restore(long revision, String epoch, String text, TextClient.Unconfirmed unconfirmed, String base) {
        this.epoch = epoch;
        ot = new TextClient(revision, seqs, this, unconfirmed.clientSeq(), unconfirmed.outstanding(),
                unconfirmed.buffer());
        committed = base == null ? null : new ChunkedDocument(base);
        listener.reset(text);
    }

    /** The hub history {@link #revision()} counts in. */
    String epoch() {
        return epoch;
    }

    /** The hub's text at {@link #revision()} without our unacknowledged edits, or null when not known. */
    String committedText() {
        return committed == null ? null : committed.text();
    }

    /** The revision and unconfirmed operations, or null when everything is acknowledged. */
    TextClient.Unconfirmed unconfirmed() {
        return ot == null ? null : ot.unconfirmed();
    }

    long revision() {
        return ot.revision();
    }

    /** {@link #revision()}, or -1 before the hub sent the document. */
    long knownRevision() {
        return ot == null ? -1 : ot.revision();
    }

    String text() {
        return listener.text();
    }

    String doc() {
        return doc;
    }

    /**
     * The hub's whole text at {@code revision}; {@code lastSeq} is our newest edit it has committed.
     * The first text is shown as it is. Later, the difference from the hub's text we had is one
     * operation: our edits still unacknowledged are transformed past it and kept (an edit in flight
     * the hub already committed is in the text, and only what was typed after it is rebased).
     */
    void snapshot(long revision, String text, Long lastSeq, String hubEpoch) {
        epoch = hubEpoch;
        if (ot == null || committed == null) {
            ot = new TextClient(revision, seqs, this);
            committed = new ChunkedDocument(text);
            listener.reset(text);
            return;
        }
        TextClient.Unconfirmed pending = ot.unconfirmed();
        String from = committed.text();
        if (pending == null) {
            ot = new TextClient(revision, seqs, this);
        } else if (lastSeq != null && pending.clientSeq() <= lastSeq) {
            from = pending.outstanding().apply(from);
            ot = pending.buffer() == null ? new TextClient(revision, seqs, this)
                    : new TextClient(revision, seqs, this, seqs.getAsLong(), pending.buffer(), null);
        } else {
            ot = new TextClient(revision, seqs, this, pending.clientSeq(), pending.outstanding(), pending.buffer());
        }
        committed = new ChunkedDocument(text);
        ot.rebase(revision, TextDiff.shortest(from, text));
    }

    /**
     * Another client's operation, committed as {@code revision}. One this client has already (a
     * revision it is at or past) is skipped: a relay and the catch-up after a {@code text-open} may
     * both carry an operation committed while the document was being opened again.
     */
    void remoteOperation(long revision, TextOperation operation) {
        if (ot != null && revision <= ot.revision()) {
            return;
        }
        if (ot != null) {
            if (committed != null) {
                committed.apply(operation);
            }
            ot.applyServer(operation);
        }
    }

    void acknowledged(long seq) {
        if (ot != null) {
            TextClient.Unconfirmed pending = ot.unconfirmed();
            if (committed != null && pending != null && pending.clientSeq() == seq) {
                committed.apply(pending.outstanding());
            }
            ot.serverAck(seq);
            sendCursorIfSettled();
        }
    }

    /** The hub sent everything committed since our revision: what is still in flight never arrived. */
    void caughtUp() {
        reopening = false;
        if (ot != null) {
            ot.resendOutstanding();
            sendCursorIfSettled();
        }
    }

    void localEdit(TextOperation operation) {
        if (ot == null) {
            throw new IllegalStateException("document '" + doc + "' is not open yet");
        }
        ot.applyClient(operation);
        cursorMoved = true;
    }

    /** The local caret moved: tell the peers once nothing is in flight (so positions are the hub's). */
    void cursorMoved() {
        cursorMoved = true;
        sendCursorIfSettled();
    }

    void remoteCursor(Message.TextCursor cursor) {
        if (ot != null && cursor.revision() == ot.revision()) {
            listener.cursor(cursor.source(), ot.transformIndex(cursor.anchor()), ot.transformIndex(cursor.head()));
        } // an older one is dropped: the peer sends a newer one after its next edit
    }

    /** The hub refused one of our edits: our history no longer fits its, so start again from its text. */
    void resync() {
        ot = null;
        committed = null;
        open();
    }

    void refused(ErrorCode code, String message) {
        listener.refused(code, message);
    }

    @Override
    public void send(long clientSeq, long revision, TextOperation operation) {
        if (!reopening) { // otherwise the state machine keeps it, and caughtUp() sends it
            outlet.sendTextOp(doc, clientSeq, revision, operation);
        }
    }

    @Override
    public void applyRemote(TextOperation operation) {
        listener.remote(operation);
    }

    private void sendCursorIfSettled() {
        if (cursorMoved && !reopening && ot != null && ot.isSynchronized()) {
            int[] selection = listener.selection();
            if (selection != null) {
                cursorMoved = false;
                outlet.sendCursor(doc, ot.revision(), selection[0], selection[1]);
            }
        }
    }
}
