package dev.entangle.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A follower with edits the hub has not acknowledged, answered with the hub's whole text (it was too
 * far behind, or the hub's history is new), keeps those edits: they are rebased onto the text and
 * sent, and every character typed ends up in the hub's text exactly once — also when the hub had
 * already committed the edit in flight and only its acknowledgement was lost.
 */
class TextFollowerRebaseTest {
    private static final String DOC = "notes";

    /** The hub as the follower sees it: one text, one revision, each edit of ours committed once. */
    private static final class FakeHub implements TextFollower.Outlet {
        final StringBuilder text = new StringBuilder();
        long revision;
        long lastSeq = -1;
        long nextSeq = 1;
        final List<long[]> sentSeqs = new ArrayList<>();
        final List<TextOperation> sent = new ArrayList<>();

        @Override
        public long nextSeq() {
            return nextSeq++;
        }

        @Override
        public void sendTextOpen(String doc, long seq, Long revision, String epoch) {
        }

        @Override
        public void sendTextOp(String doc, long seq, long revision, TextOperation operation) {
            sentSeqs.add(new long[] {seq, revision});
            sent.add(operation);
        }

        @Override
        public void sendCursor(String doc, long revision, int anchor, int head) {
        }

        void apply(TextOperation operation) {
            String after = operation.apply(text.toString());
            text.setLength(0);
            text.append(after);
            revision++;
        }
    }

    /** The text field: the follower's remote edits and resets land here; local edits are made here first. */
    private static final class Field implements TextListener {
        String text = "";
        int resets;

        @Override
        public void reset(String whole) {
            text = whole;
            resets++;
        }

        @Override
        public void remote(TextOperation operation) {
            text = operation.apply(text);
        }

        @Override
        public void cursor(String source, int anchor, int head) {
        }

        @Override
        public int[] selection() {
            return null;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public void refused(ErrorCode code, String message) {
            throw new AssertionError(code + ": " + message);
        }
    }

    @Test
    void pendingEditsAreRebasedOntoAWholeTextAndLandExactlyOnce() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            for (int round = 0; round < 300; round++) {
                check(random, "seed " + seed + " round " + round);
            }
        }
    }

    @Test
    void anEditInFlightTheHubCommittedIsNotSentAgainAndWhatFollowedItIsRebased() {
        FakeHub hub = new FakeHub();
        Field field = new Field();
        TextFollower follower = new TextFollower(DOC, field, hub);
        hub.text.append("hello");
        follower.snapshot(0, "hello", null, "e-1");
        type(follower, field, TextOperation.splice(5, 5, 0, " world")); // in flight
        type(follower, field, TextOperation.splice(11, 0, 1, "H"));     // waits behind it
        long inFlight = hub.sentSeqs.get(0)[0];
        hub.apply(TextOperation.splice(5, 5, 0, " world"));             // committed, the ack lost
        hub.apply(TextOperation.splice(11, 11, 0, "!"));                 // another writer
        hub.sent.clear();

        follower.snapshot(2, hub.text.toString(), inFlight, "e-1");
        assertEquals("Hello world!", field.text, "the field keeps our capital and shows the other writer's edit");
        follower.caughtUp();
        assertEquals(1, hub.sent.size());
        assertEquals(TextOperation.splice(12, 0, 1, "H"), hub.sent.get(0), "only the capital goes, based on the new text");
    }

    private static void type(TextFollower follower, Field field, TextOperation edit) {
        field.text = edit.apply(field.text);
        follower.localEdit(edit);
    }

    private static void check(Random random, String where) {
        FakeHub hub = new FakeHub();
        Field field = new Field();
        TextFollower follower = new TextFollower(DOC, field, hub);
        hub.text.append(lowercase(random, random.nextInt(20)));
        follower.snapshot(0, hub.text.toString(), null, "e-1");

        // Our edits: the first goes out at once, the rest wait behind it. Typed characters are unique
        // capitals (or other letters outside the lowercase the hub's other writers use).
        Set<Integer> typed = new HashSet<>();
        Set<Integer> erased = new HashSet<>();
        int nextMark = 'A';
        for (int edits = 1 + random.nextInt(5); edits > 0; edits--) {
            int length = field.text.codePointCount(0, field.text.length());
            TextOperation edit;
            if (length > 0 && random.nextInt(4) == 0) {
                int at = random.nextInt(length);
                int erasedPoint = field.text.codePointAt(field.text.offsetByCodePoints(0, at));
                if (typed.contains(erasedPoint)) {
                    erased.add(erasedPoint);
                }
                edit = TextOperation.splice(length, at, 1, "");
            } else {
                int mark = nextMark++;
                typed.add(mark);
                edit = TextOperation.splice(length, random.nextInt(length + 1), 0, new String(Character.toChars(mark)));
            }
            field.text = edit.apply(field.text);
            follower.localEdit(edit);
        }
        long inFlightSeq = hub.sentSeqs.get(0)[0];
        TextOperation inFlight = hub.sent.get(0);

        // Meanwhile the hub commits other writers' edits, and perhaps our edit in flight (whose
        // acknowledgement never arrives), transformed past what came before it.
        boolean landed = random.nextBoolean();
        int othersBefore = random.nextInt(4);
        List<TextOperation> before = new ArrayList<>();
        for (int i = 0; i < othersBefore; i++) {
            TextOperation other = otherWriter(random, hub.text.toString());
            before.add(other);
            hub.apply(other);
        }
        if (landed) {
            TextOperation ours = inFlight;
            for (TextOperation other : before) {
                ours = TextOperation.transform(ours, other)[0];
            }
            hub.apply(ours);
            hub.lastSeq = inFlightSeq;
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            hub.apply(otherWriter(random, hub.text.toString()));
        }

        // Reconnected: the hub answers with its whole text, then the re-open's ack (caught up).
        hub.sent.clear();
        hub.sentSeqs.clear();
        follower.snapshot(hub.revision, hub.text.toString(), landed ? hub.lastSeq : null, "e-1");
        follower.caughtUp();
        // The hub commits what arrives (it is based on its current revision) and acknowledges it.
        while (!hub.sent.isEmpty()) {
            long[] seqAndRevision = hub.sentSeqs.remove(0);
            TextOperation op = hub.sent.remove(0);
            assertEquals(hub.revision, seqAndRevision[1], where + ": sent based on the hub's revision");
            assertTrue(seqAndRevision[0] > hub.lastSeq, where + ": what the hub committed is never sent again");
            hub.apply(op);
            hub.lastSeq = seqAndRevision[0];
            follower.acknowledged(seqAndRevision[0]);
        }

        assertEquals(hub.text.toString(), field.text, where + ": the field shows the hub's text");
        assertEquals(1, field.resets, where + ": only the first text replaced the field");
        assertTrue(!follower.hasPendingEdits(), where + ": nothing left unacknowledged");
        assertEquals(hub.text.toString(), follower.committedText(), where + ": the follower knows the hub's text");
        for (int mark : typed) {
            long count = hub.text.codePoints().filter(c -> c == mark).count();
            String what = where + ": '" + new String(Character.toChars(mark)) + "' in " + hub.text;
            if (erased.contains(mark)) {
                // A whole text says what changed, not which character is which: where other writers
                // deleted and retyped around a character of ours the hub already had, the difference
                // may remove and re-insert it, and our later erasing of it then has nothing to erase.
                assertTrue(count <= 1, what + ", typed and erased, at most once");
            } else {
                assertEquals(1, count, what + ", typed, exactly once");
            }
        }
    }

    /** Another writer's edit: inserts and deletes lowercase only, so our marks are never theirs to erase. */
    private static TextOperation otherWriter(Random random, String text) {
        int length = text.codePointCount(0, text.length());
        List<Integer> lowercase = new ArrayList<>();
        for (int i = 0, at = 0; at < text.length(); i++) {
            int c = text.codePointAt(at);
            if (c >= 'a' && c <= 'z') {
                lowercase.add(i);
            }
            at += Character.charCount(c);
        }
        if (!lowercase.isEmpty() && random.nextBoolean()) {
            return TextOperation.splice(length, lowercase.get(random.nextInt(lowercase.size())), 1, "");
        }
        return TextOperation.splice(length, random.nextInt(length + 1), 0, lowercase(random, 1 + random.nextInt(3)));
    }

    private static String lowercase(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(3)));
        }
        return out.toString();
    }
}
