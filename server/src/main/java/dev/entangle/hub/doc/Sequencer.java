package dev.entangle.hub.doc;

import dev.entangle.core.ot.ChunkedDocument;
import dev.entangle.core.ot.TextOperation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one order of a text document. An operation arrives with the revision it was based on; it is
 * transformed past everything committed since, applied, and committed as the next revision.
 * A resent operation (same client, a sequence number already committed) is recognised and not
 * applied twice. Not thread-safe: the hub calls it under the document's lock.
 */
public final class Sequencer {

    /** A committed operation, as every client applies it, with who made it. */
    public record Commit(long revision, String author, long clientSeq, TextOperation operation) {
    }

    /** What {@link #commit} did. */
    public sealed interface Outcome permits Committed, Duplicate {
    }

    public record Committed(Commit commit) implements Outcome {
    }

    /** The operation had already been committed as {@code revision}: nothing was applied. */
    public record Duplicate(long revision) implements Outcome {
    }

    /** An operation that does not fit the document: refused, nothing applied. */
    public static class InvalidOperation extends Exception {
        InvalidOperation(String message) {
            super(message);
        }
    }

    /** An operation based on a revision older than the commits held: it fits, but cannot be transformed. */
    public static final class RevisionTooOld extends InvalidOperation {
        RevisionTooOld(String message) {
            super(message);
        }
    }

    /** An author's last committed operation: its client sequence number and the revision it became. */
    public record Seen(long clientSeq, long revision) {
    }

    private final ChunkedDocument document;
    // The oldest revision operations can still be based on: history holds the commits after it.
    private long floor;
    private int floorLength;
    private final List<Commit> history = new ArrayList<>();
    // When each commit of history was applied (ms since the epoch), so recent ones outlive a trim.
    private final List<Long> appliedAt = new ArrayList<>();
    private final Map<String, Seen> lastByClient = new HashMap<>();
    // Commits waiting for the event log: later operations are transformed past them too, but nothing
    // reads them (text, revision, since) until they are applied, in order, once durable.
    private final List<Commit> staged = new ArrayList<>();

    public Sequencer(String initialText) {
        this(0, initialText, Map.of());
    }

    /** A document restored at {@code revision} (from a snapshot), with each author's last commit. */
    public Sequencer(long revision, String text, Map<String, Seen> seen) {
        this(revision, text, seen, List.of());
    }

    /**
     * A document restored at {@code revision} with the commits that led to it ({@code recent}, the
     * last of them being {@code revision}), so clients based on any of their revisions still catch up
     * with operations, not the whole text.
     */
    public Sequencer(long revision, String text, Map<String, Seen> seen, List<Recent> recent) {
        document = new ChunkedDocument(text);
        floor = revision - recent.size();
        floorLength = recent.isEmpty() ? document.length() : recent.get(0).commit().operation().baseLength();
        lastByClient.putAll(seen);
        for (int i = 0; i < recent.size(); i++) {
            Commit commit = recent.get(i).commit();
            if (commit.revision() != floor + i + 1) {
                throw new IllegalArgumentException("recent commit of revision " + commit.revision() + " where "
                        + (floor + i + 1) + " belongs (the document is at revision " + revision + ")");
            }
            history.add(commit);
            appliedAt.add(recent.get(i).appliedAt());
        }
    }

    /** A commit the sequencer still holds, with when it was applied: for a snapshot. */
    public record Recent(Commit commit, long appliedAt) {
    }

    /** The commits held for clients catching up, oldest first. */
    public List<Recent> recent() {
        List<Recent> out = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            out.add(new Recent(history.get(i), appliedAt.get(i)));
        }
        return out;
    }

    /** The number of committed operations. */
    public long revision() {
        return floor + history.size();
    }

    /** The oldest revision a client can catch up from, or base an operation on; before it, it needs the text. */
    public long oldestRevision() {
        return floor;
    }

    /** The client sequence number of {@code author}'s last commit, or null for none. */
    public Long lastClientSeq(String author) {
        Seen seen = lastByClient.get(author);
        return seen == null ? null : seen.clientSeq();
    }

    /** Each author's last commit, for a snapshot. */
    public Map<String, Seen> seen() {
        return Map.copyOf(lastByClient);
    }

    /**
     * Forgets the commits older than the last {@code keep} that were also applied at or before
     * {@code appliedSince}: a client away for less than that can always catch up with operations.
     */
    public void keepLast(int keep, long appliedSince) {
        int drop = 0;
        while (drop < history.size() - keep && appliedAt.get(drop) <= appliedSince) {
            drop++;
        }
        if (drop > 0) {
            floorLength = history.get(drop - 1).operation().targetLength();
            floor += drop;
            history.subList(0, drop).clear();
            appliedAt.subList(0, drop).clear();
        }
    }

    public String text() {
        return document.text();
    }

    /** Length of the text in code points. */
    public int length() {
        return document.length();
    }

    /** Prepares and applies in one step, for callers with nothing to make durable in between. */
    public Outcome commit(String author, long clientSeq, long baseRevision, TextOperation operation)
            throws InvalidOperation {
        Outcome outcome = prepare(author, clientSeq, baseRevision, operation);
        if (outcome instanceof Committed committed) {
            apply(committed.commit());
        }
        return outcome;
    }

    /**
     * What committing the operation would give — a duplicate's revision, or the transformed operation
     * as the next revision — without changing anything, so the hub can log it before applying it.
     * It is transformed past the committed revisions since its base and past the staged ones.
     */
    public Outcome prepare(String author, long clientSeq, long baseRevision, TextOperation operation)
            throws InvalidOperation {
        for (int i = staged.size() - 1; i >= 0; i--) {
            Commit pending = staged.get(i);
            if (pending.author().equals(author)) {
                if (clientSeq <= pending.clientSeq()) {
                    return new Duplicate(pending.revision());
                }
                break;
            }
        }
        Seen seen = lastByClient.get(author);
        if (seen != null && clientSeq <= seen.clientSeq()) {
            return new Duplicate(seen.revision());
        }
        long top = revision() + staged.size();
        if (baseRevision < 0 || baseRevision > top) {
            throw new InvalidOperation("revision " + baseRevision + " does not exist (the document is at revision "
                    + top + ")");
        }
        if (baseRevision < floor) {
            throw new RevisionTooOld("revision " + baseRevision + " is too old to transform from (the hub keeps"
                    + " revisions from " + floor + "); open the document again");
        }
        int lengthThen = baseRevision == floor ? floorLength
                : baseRevision <= revision() ? history.get((int) (baseRevision - floor) - 1).operation().targetLength()
                : staged.get((int) (baseRevision - revision()) - 1).operation().targetLength();
        if (operation.baseLength() != lengthThen) {
            throw new InvalidOperation("operation expects a text of " + operation.baseLength()
                    + " code points, revision " + baseRevision + " has " + lengthThen);
        }
        TextOperation transformed = operation;
        for (long r = baseRevision; r < top; r++) {
            Commit next = r < revision() ? history.get((int) (r - floor)) : staged.get((int) (r - revision()));
            // The incoming operation goes first at a tie, as its author's client assumed.
            transformed = TextOperation.transform(transformed, next.operation())[0];
        }
        return new Committed(new Commit(top + 1, author, clientSeq, transformed));
    }

    /** Holds a commit {@link #prepare} gave until it is durable: the next operations are transformed past it. */
    public void stage(Commit commit) {
        if (commit.revision() != revision() + staged.size() + 1) {
            throw new IllegalStateException("staged commit of revision " + commit.revision() + " does not follow revision "
                    + (revision() + staged.size()));
        }
        staged.add(commit);
    }

    /** Applies the oldest staged commit (it is durable now), recording when. Returns it. */
    public Commit applyStaged(long appliedAt) {
        Commit commit = staged.remove(0);
        apply(commit, appliedAt);
        return commit;
    }

    /** Forgets every staged commit (their write failed): the document is as its last applied revision left it. */
    public void dropStaged() {
        staged.clear();
    }

    /**
     * Applies a commit that {@link #prepare} gave, or that the event log replays: it must be the next
     * revision and fit the text, which a prepared or logged commit always does.
     */
    public void apply(Commit commit) {
        apply(commit, Long.MIN_VALUE);
    }

    /** The same, recording when it was applied ({@code appliedAt}, ms since the epoch) for {@link #keepLast(int, long)}. */
    public void apply(Commit commit, long appliedAt) {
        if (commit.revision() != revision() + 1) {
            throw new IllegalStateException("commit of revision " + commit.revision() + " does not follow revision "
                    + revision());
        }
        document.apply(commit.operation());
        history.add(commit);
        this.appliedAt.add(appliedAt);
        lastByClient.put(commit.author(), new Seen(commit.clientSeq(), commit.revision()));
    }

    /** Everything committed after {@code revision}, for a client catching up (from {@link #oldestRevision} on). */
    public List<Commit> since(long revision) {
        if (revision < floor || revision > revision()) {
            throw new IllegalArgumentException("revision " + revision + " is not held (the document keeps revisions "
                    + floor + " to " + revision() + ")");
        }
        return List.copyOf(history.subList((int) (revision - floor), history.size()));
    }
}
