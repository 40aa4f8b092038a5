package dev.entangle.web.bench;

import dev.entangle.core.ot.ChunkedDocument;
import dev.entangle.core.ot.TextClient;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.web.json.BrowserJson;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;

/**
 * Replays a sequential editing trace through the client half of the full path, in the browser:
 * the author's edit becomes an operation on its document and goes through its OT client, is
 * encoded as the JSON frame it would send, decoded as the frame a second client receives, and
 * applied there through that client's state machine. Documents are {@link ChunkedDocument}s and
 * frames go through {@link BrowserJson}, as in the client itself. (The hub's part runs on the JVM and is
 * measured there.) Returns the milliseconds it took; the page compares it with plain string
 * splicing of the same edits.
 */
public final class TextReplayBench {
    private TextReplayBench() {
    }

    /**
     * {@code depth}: 0 = the edits as operations applied to two documents (author and reader);
     * 1 = also through both OT clients; 2 = also encoded and decoded as JSON frames.
     */
    @JSExport
    public static double replay(JSObject positions, JSObject deletes, JSObject inserts, int count, String expected,
            int depth) {
        ChunkedDocument author = new ChunkedDocument("");
        ChunkedDocument reader = new ChunkedDocument("");
        long[] seq = {1};
        TextClient[] readerClient = new TextClient[1];
        TextClient[] authorClient = new TextClient[1];
        readerClient[0] = new TextClient(0, () -> 0, new TextClient.Channel() {
            public void send(long clientSeq, long revision, TextOperation operation) {
            }

            public void applyRemote(TextOperation operation) {
                reader.apply(operation);
            }
        });
        authorClient[0] = new TextClient(0, () -> seq[0]++, new TextClient.Channel() {
            public void send(long clientSeq, long revision, TextOperation operation) {
                TextOperation received = operation;
                if (depth >= 2) {
                    String frame = MessageCodec.encode(new Message.TextOp(null, "doc", revision + 1, operation, "author"),
                            BrowserJson.ENGINE);
                    try {
                        received = ((Message.TextOp) MessageCodec.decode(frame, BrowserJson.ENGINE)).operation();
                    } catch (ProtocolException e) {
                        throw new IllegalStateException(e);
                    }
                }
                readerClient[0].applyServer(received);
                // The hub commits it at once here: acknowledge, so the next edit goes out alone.
                authorClient[0].serverAck(clientSeq);
            }

            public void applyRemote(TextOperation operation) {
                author.apply(operation);
            }
        });
        double start = now();
        for (int i = 0; i < count; i++) {
            TextOperation edit = TextOperation.splice(author.length(), intAt(positions, i), intAt(deletes, i),
                    stringAt(inserts, i));
            author.apply(edit);
            if (depth >= 1) {
                authorClient[0].applyClient(edit);
            } else {
                reader.apply(edit);
            }
        }
        double elapsed = now() - start;
        if (!expected.equals(reader.text()) || !expected.equals(author.text())) {
            throw new IllegalStateException("the replay did not end with the recorded text");
        }
        return elapsed;
    }

    @JSBody(params = {"a", "i"}, script = "return a[i];")
    private static native int intAt(JSObject array, int index);

    @JSBody(params = {"a", "i"}, script = "return a[i];")
    private static native String stringAt(JSObject array, int index);

    @JSBody(script = "return performance.now();")
    private static native double now();
}
