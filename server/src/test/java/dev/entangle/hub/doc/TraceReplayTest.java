package dev.entangle.hub.doc;

import dev.entangle.core.SharedData;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Real editing histories through the real client state machines and sequencer, in process. */
class TraceReplayTest {

    @Test
    void twoAuthorsTypingLiveConverge() throws Exception {
        EditingTrace trace = EditingTrace.load(SharedData.file("editing-traces/friendsforever.json.gz"));
        TraceReplay replay = new TraceReplay(trace, 1);
        replay.run(trace);
        String hub = replay.hubText();
        for (String text : replay.clientTexts()) {
            assertEquals(hub, text, "every client ends with the hub's text");
        }
        assertEquals(trace.txns().size(), replay.revision(), "one commit per transaction");
        // Where both typed at one spot at once, OT may interleave differently from the recording;
        // nothing typed may be lost or duplicated, so the same characters must be there.
        String expected = trace.endContent();
        assertEquals(expected.length(), hub.length());
        assertEquals(sorted(expected), sorted(hub), "the same characters, whatever the interleaving");
        // With this tie-break (the op being committed goes first), the recording is reproduced exactly.
        assertEquals(expected, hub);
    }

    @Test
    void aSequentialTraceEndsExactlyAsRecorded() throws Exception {
        EditingTrace trace = EditingTrace.load(SharedData.file("editing-traces/sveltecomponent.json.gz"));
        TraceReplay replay = new TraceReplay(trace, 1, true); // through the JSON codec too
        replay.run(trace);
        assertEquals(trace.endContent(), replay.hubText());
        for (String text : replay.clientTexts()) {
            assertEquals(trace.endContent(), text);
        }
    }

    private static String sorted(String text) {
        return text.codePoints().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
    }
}
