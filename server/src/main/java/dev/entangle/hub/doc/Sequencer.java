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
    public static final class InvalidOperation extends Exception {
        InvalidOperation(String message) {
            super(message);
        }
    }

    private record Seen(long clientSeq, long revision) {
    }

    private final ChunkedDocument document;
    private final int initialLength;
    private final List<Commit> history = new ArrayList<>();
    private final Map<String, Seen> lastByClient = new HashMap<>();

    public Sequencer(String initialText) {
        document = new ChunkedDocument(initialText);
        initialLength = document.length();
    }

    /** The number of committed operations. */
    public long revision() {
        return history.size();
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
     */
    public Outcome prepare(String author, long clientSeq, long baseRevision, TextOperation operation)
            throws InvalidOperation {
        Seen seen = lastByClient.get(author);
        if (seen != null && clientSeq <= seen.clientSeq()) {
            return new Duplicate(seen.revision());
        }
        if (baseRevision < 0 || baseRevision > revision()) {
            throw new InvalidOperation("revision " + baseRevision + " does not exist (the document is at revision "
                    + revision() + ")");
        }
        int lengthThen = baseRevision == 0 ? initialLength : history.get((int) baseRevision - 1).operation().targetLength();
        if (operation.baseLength() != lengthThen) {
            throw new InvalidOperation("operation expects a text of " + operation.baseLength()
                    + " code points, revision " + baseRevision + " has " + lengthThen);
        }
        TextOperation transformed = operation;
        for (int r = (int) baseRevision; r < history.size(); r++) {
            // The incoming operation goes first at a tie, as its author's client assumed.
            transformed = TextOperation.transform(transformed, history.get(r).operation())[0];
        }
        return new Committed(new Commit(revision() + 1, author, clientSeq, transformed));
    }

    /**
     * Applies a commit that {@link #prepare} gave, or that the event log replays: it must be the next
     * revision and fit the text, which a prepared or logged commit always does.
     */
    public void apply(Commit commit) {
        if (commit.revision() != revision() + 1) {
            throw new IllegalStateException("commit of revision " + commit.revision() + " does not follow revision "
                    + revision());
        }
        document.apply(commit.operation());
        history.add(commit);
        lastByClient.put(commit.author(), new Seen(commit.clientSeq(), commit.revision()));
    }

    /** Everything committed after {@code revision}, for a client catching up. */
    public List<Commit> since(long revision) {
        if (revision < 0 || revision > revision()) {
            throw new IllegalArgumentException("revision " + revision + " does not exist (the document is at revision "
                    + revision() + ")");
        }
        return List.copyOf(history.subList((int) revision, history.size()));
    }
}
