package dev.entangle.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text edits a page left in its outbox, taken back by the next page load, meet the hub again, with
 * the hub played by hand: the document is re-opened with the revision and epoch they were saved
 * with (not the epoch of the hub just joined), and a hub with a new history gets them rebased onto
 * its text, never dropped.
 */
class ClientSessionTextOutboxTest {

    /** One page load: a session with an outbox in memory, and a field for document "notes". */
    private static final class Page implements TextListener {
        final List<Message> sent = new ArrayList<>();
        final ClientSession session;
        String field = "";

        Page(String[] storage) {
            session = new ClientSession("alice", "room", "page-1", frame -> {
                try {
                    sent.add(MessageCodec.decode(frame));
                } catch (ProtocolException e) {
                    throw new AssertionError(e);
                }
            }, () -> 1_000, new SessionListener() {
                public void joined(long heartbeatMs) {
                }

                public void error(ErrorCode code, String message) {
                    throw new AssertionError(code + ": " + message);
                }
            });
            session.useOutbox(new Outbox() {
                public String load() {
                    return storage[0];
                }

                public void changed() {
                    storage[0] = session.outboxState();
                }
            });
        }

        void hub(Message message) {
            session.receive(MessageCodec.encode(message));
        }

        /** A connection opens and the hub, whose history is {@code epoch}, welcomes the page. */
        void join(String epoch) {
            session.opened();
            hub(new Message.Welcome("alice", "room", 15_000, epoch));
        }

        /** Opens "notes", which the hub holds as {@code text} at {@code revision}. */
        void follow(long revision, String text) {
            session.openText("notes", this);
            hub(new Message.TextSnapshot("notes", revision, text));
            hub(new Message.Ack(last(Message.TextOpen.class).seq(), null));
        }

        void type(String piece) {
            int length = field.codePointCount(0, field.length());
            field = field + piece;
            session.textEdit("notes", TextOperation.splice(length, length, 0, piece));
        }

        <T extends Message> T last(Class<T> type) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (type.isInstance(sent.get(i))) {
                    return type.cast(sent.get(i));
                }
            }
            throw new AssertionError("no " + type.getSimpleName() + " sent: " + sent);
        }

        public void reset(String whole) {
            field = whole;
        }

        public void remote(TextOperation operation) {
            field = operation.apply(field);
        }

        public void cursor(String source, int anchor, int head) {
        }

        public int[] selection() {
            return null;
        }

        public String text() {
            return field;
        }

        public void refused(ErrorCode code, String message) {
            throw new AssertionError(code + ": " + message);
        }
    }

    @Test
    void savedEditsReopenWithTheirOwnEpochAndAreRebasedOntoANewHistory() {
        String[] storage = new String[1];
        Page first = new Page(storage);
        first.join("old");
        first.follow(4, "shared ");
        first.session.closed(); // offline
        first.type("mine ");
        first.type("too");
        assertEquals("shared mine too", first.field);

        Page second = new Page(storage); // the reload takes the outbox back
        second.join("new"); // a hub with another history
        second.session.openText("notes", second);
        assertEquals("shared mine too", second.field, "the saved text is shown at once");
        Message.TextOpen reopen = second.last(Message.TextOpen.class);
        assertEquals(4L, reopen.revision());
        assertEquals("old", reopen.epoch(), "the revision counts in the history it was saved in");

        second.hub(new Message.TextSnapshot("notes", 1, "fresh "));
        assertEquals("fresh mine too", second.field, "the hub's text, with the edits kept on top");
        second.hub(new Message.Ack(reopen.seq(), null));
        Message.TextOp resent = second.last(Message.TextOp.class);
        assertEquals(1, resent.revision(), "sent again based on the new hub's revision");
        assertEquals("fresh mine ", resent.operation().apply("fresh "));
    }

    @Test
    void anOperationRelayedAndAlsoSentInTheCatchUpIsAppliedOnce() {
        Page page = new Page(new String[1]);
        page.join("e");
        page.follow(2, "a0 b0 ");
        TextOperation bob = TextOperation.builder().retain(3).insert("b1 ").retain(3).build();
        page.hub(new Message.TextOp(null, "notes", 3, bob, "bob"));
        page.hub(new Message.TextOp(null, "notes", 3, bob, "bob")); // the same commit, a second time
        assertEquals("a0 b1 b0 ", page.field);
        page.hub(new Message.TextOp(null, "notes", 4, TextOperation.builder().retain(9).insert("!").build(), "bob"));
        assertEquals("a0 b1 b0 !", page.field);
    }

    /**
     * A text-op carries no epoch: an edit typed after a reconnect, before the hub has answered the
     * re-open, counts in the old hub's revisions. Sent then, a restarted hub whose new history happens
     * to have a revision of the same length would apply it at the wrong place (the windows diverged).
     */
    @Test
    void anEditTypedWhileTheDocumentIsReopenedWaitsForTheHubsAnswer() {
        Page page = new Page(new String[1]);
        page.join("old");
        page.follow(1, "a0 ");
        page.session.closed(); // the hub is killed, its data gone
        page.join("new");
        Message.TextOpen reopen = page.last(Message.TextOpen.class);
        int sentBefore = page.sent.size();
        page.type("b1 ");
        assertEquals(sentBefore, page.sent.size(), "nothing goes out before the hub answers: " + page.sent);

        page.hub(new Message.TextSnapshot("notes", 1, "x1 ")); // same revision and length, another text
        assertEquals("x1 b1 ", page.field);
        assertEquals(sentBefore, page.sent.size(), "still waiting for the answer to the re-open");
        page.hub(new Message.Ack(reopen.seq(), null));
        Message.TextOp op = page.last(Message.TextOp.class);
        assertEquals(1, op.revision());
        assertEquals("x1 b1 ", op.operation().apply("x1 "), "sent in the new history's coordinates");
    }

    @Test
    void anEditTypedWhileCatchingUpGoesOutAfterTheCatchUpFromTheRevisionReached() {
        Page page = new Page(new String[1]);
        page.join("e");
        page.follow(1, "a0 ");
        page.session.closed();
        page.join("e");
        Message.TextOpen reopen = page.last(Message.TextOpen.class);
        assertEquals(1L, reopen.revision());
        page.type("b1 ");
        page.hub(new Message.TextOp(null, "notes", 2, TextOperation.builder().insert("a1 ").retain(3).build(), "alice"));
        assertEquals("a1 a0 b1 ", page.field);
        page.hub(new Message.Ack(reopen.seq(), null));
        Message.TextOp op = page.last(Message.TextOp.class);
        assertEquals(2, op.revision(), "based on the last revision the catch-up brought");
        assertEquals("a1 a0 b1 ", op.operation().apply("a1 a0 "));
        assertEquals(1, page.sent.stream().filter(Message.TextOp.class::isInstance).count(), "sent once");
    }
}
