package dev.entangle.core.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * A text kept as a list of small chunks, so an edit moves at most one chunk's characters however
 * long the text grows: a StringBuilder moves everything after the edit, and TeaVM's StringBuilder
 * moves it one character at a time. The chunk last edited is remembered, because edits cluster
 * (people type where they typed), so finding the chunk of the next edit is usually a step or two.
 */
public final class ChunkedDocument extends SplicedDocument {
    /** A chunk is split in two when it would grow past this many UTF-16 units. */
    static final int MAX_CHUNK = 128;
    private static final int MERGE_BELOW = MAX_CHUNK / 4;

    private final List<StringBuilder> chunks = new ArrayList<>();
    private int units; // UTF-16 length of the whole text
    private int cursor; // index of the chunk found last
    private int cursorStart; // UTF-16 index where that chunk starts

    public ChunkedDocument(String initial) {
        super(initial);
        int from = 0;
        while (from < initial.length()) {
            int to = Math.min(initial.length(), from + MAX_CHUNK / 2);
            if (to < initial.length() && Character.isHighSurrogate(initial.charAt(to - 1))) {
                to++; // keep a surrogate pair in one chunk, so no chunk starts half-way through a code point
            }
            chunks.add(new StringBuilder(initial.substring(from, to)));
            from = to;
        }
        if (chunks.isEmpty()) {
            chunks.add(new StringBuilder());
        }
        units = initial.length();
    }

    @Override
    public String text() {
        StringBuilder whole = new StringBuilder(units);
        for (StringBuilder chunk : chunks) {
            whole.append(chunk);
        }
        return whole.toString();
    }

    /** How many chunks hold the text now (for tests of the splitting and merging). */
    int chunkCount() {
        return chunks.size();
    }

    @Override
    protected void insertAt(int at, String inserted) {
        seek(at);
        StringBuilder chunk = chunks.get(cursor);
        chunk.insert(at - cursorStart, inserted);
        units += inserted.length();
        if (chunk.length() > MAX_CHUNK) {
            split(cursor);
        }
    }

    @Override
    protected void deleteRange(int from, int to) {
        int remaining = to - from;
        while (remaining > 0) {
            seek(from);
            StringBuilder chunk = chunks.get(cursor);
            int offset = from - cursorStart;
            if (offset == chunk.length()) {
                // 'from' is this chunk's end: what to delete starts in the next one.
                cursorStart += chunk.length();
                cursor++;
                continue;
            }
            int count = Math.min(remaining, chunk.length() - offset);
            chunk.delete(offset, offset + count);
            units -= count;
            remaining -= count;
            tidy(cursor);
        }
    }

    @Override
    protected int offsetByCodePoints(int from, int codePoints) {
        seek(from);
        int chunkIndex = cursor;
        int offset = from - cursorStart;
        int at = from;
        while (codePoints > 0) {
            StringBuilder chunk = chunks.get(chunkIndex);
            if (offset >= chunk.length()) {
                if (chunkIndex == chunks.size() - 1) {
                    throw new IndexOutOfBoundsException(codePoints + " code points past the end of the text");
                }
                chunkIndex++;
                offset = 0;
                continue;
            }
            int step = Character.isHighSurrogate(chunk.charAt(offset)) ? 2 : 1;
            offset += step;
            at += step;
            codePoints--;
        }
        return at;
    }

    /** Makes {@link #cursor} the chunk holding UTF-16 index {@code at} (a chunk's end counts as in it). */
    private void seek(int at) {
        if (at < 0 || at > units) {
            throw new IndexOutOfBoundsException("index " + at + " outside a text of " + units + " UTF-16 units");
        }
        while (at < cursorStart) {
            cursor--;
            cursorStart -= chunks.get(cursor).length();
        }
        while (at > cursorStart + chunks.get(cursor).length()) {
            cursorStart += chunks.get(cursor).length();
            cursor++;
        }
    }

    private void split(int index) {
        StringBuilder chunk = chunks.get(index);
        int half = chunk.length() / 2;
        if (Character.isHighSurrogate(chunk.charAt(half - 1))) {
            half++;
        }
        chunks.add(index + 1, new StringBuilder(chunk.substring(half)));
        chunk.setLength(half);
    }

    /** Removes an emptied chunk and merges a small one into its neighbour, so deletions cannot leave a long list of crumbs. */
    private void tidy(int index) {
        StringBuilder chunk = chunks.get(index);
        if (chunk.length() == 0 && chunks.size() > 1) {
            chunks.remove(index);
            if (index == chunks.size()) {
                cursor = index - 1;
                cursorStart -= chunks.get(cursor).length();
            }
            return;
        }
        if (chunk.length() < MERGE_BELOW && index + 1 < chunks.size()
                && chunk.length() + chunks.get(index + 1).length() <= MAX_CHUNK) {
            chunk.append(chunks.remove(index + 1));
        }
    }
}
