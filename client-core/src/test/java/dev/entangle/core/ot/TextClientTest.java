package dev.entangle.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextClientTest {

    @Test
    void anAnswerThatComesBackDuringSendIsNotLost() {
        List<TextOperation> sent = new ArrayList<>();
        TextClient[] client = new TextClient[1];
        long[] seq = {1};
        client[0] = new TextClient(0, () -> seq[0]++, new TextClient.Channel() {
            public void send(long clientSeq, long revision, TextOperation operation) {
                sent.add(operation);
                client[0].serverAck(clientSeq); // a hub in the same process answers at once
            }

            public void applyRemote(TextOperation operation) {
            }
        });
        client[0].applyClient(TextOperation.splice(0, 0, 0, "a"));
        client[0].applyClient(TextOperation.splice(1, 1, 0, "b"));
        assertEquals(2, sent.size(), "the second edit went out: the first was acknowledged");
        assertEquals(2, client[0].revision());
        assertTrue(client[0].isSynchronized());
    }

    @Test
    void remoteEditsAreTransformedPastTheOneInFlight() {
        List<TextOperation> applied = new ArrayList<>();
        TextClient client = new TextClient(0, () -> 1, new TextClient.Channel() {
            public void send(long clientSeq, long revision, TextOperation operation) {
            }

            public void applyRemote(TextOperation operation) {
                applied.add(operation);
            }
        });
        String text = "hello";
        TextOperation mine = TextOperation.splice(5, 2, 0, "x");
        text = mine.apply(text);
        client.applyClient(mine);
        TextOperation theirs = TextOperation.splice(5, 3, 0, "y"); // based on "hello", committed first
        client.applyServer(theirs);
        text = applied.get(0).apply(text);
        assertEquals("hexlylo", text);
        assertEquals(4, client.transformIndex(3), "their position 3 is after my x here");
    }
}
