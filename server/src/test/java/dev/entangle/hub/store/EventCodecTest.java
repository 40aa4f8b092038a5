package dev.entangle.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.sync.AtomPatches;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The log's own encoding of events. Stored data outlives the code that wrote it: these forms are
 * fixed, and a change to them is a new format (a new marker in the engines), never an edit here.
 */
class EventCodecTest {

    @Test
    void eachKindIsWrittenInItsFixedForm() {
        assertEquals("{\"kind\":\"value\",\"serverSeq\":5,\"audience\":\"user-*,team:red\",\"selector\":\"#volume\","
                        + "\"change\":\"property\",\"name\":\"value\",\"oldValue\":\"1\",\"newValue\":\"2\",\"source\":\"alice\","
                        + "\"seq\":3,\"timestamp\":1700000000000}",
                EventCodec.encode(new Event.ValueAccepted("demo", new MutationVector("#volume", MutationKind.PROPERTY,
                        "value", "1", "2", "alice", 3, 1_700_000_000_000L), 5, Target.parse("user-*,team:red"))));
        assertEquals("{\"kind\":\"text\",\"doc\":\"notes\",\"revision\":4,\"author\":\"bob#tab-1\",\"clientSeq\":9,"
                        + "\"op\":[1,\"x\",-1,2]}",
                EventCodec.encode(new Event.TextCommitted("demo", "notes", 4, "bob#tab-1", 9,
                        TextOperation.builder().retain(1).insert("x").delete(1).retain(2).build())));
        assertEquals("{\"kind\":\"ownership\",\"selector\":\"#speed\"}",
                EventCodec.encode(new Event.OwnershipChanged("demo", "#speed", null)));
        assertEquals("{\"kind\":\"operation\",\"version\":5,\"replicaId\":\"r1\",\"clientSeq\":2,\"author\":\"carol\","
                        + "\"patches\":{},\"serverTimestamp\":1700000000000}",
                EventCodec.encode(new Event.OperationApplied("demo", 5, "r1", 2, "carol", AtomPatches.NONE,
                        1_700_000_000_000L)));
        assertEquals("{\"kind\":\"chat\",\"chat\":\"main\",\"action\":\"send\",\"id\":\"k8\",\"n\":1,"
                        + "\"author\":\"alice\",\"name\":\"Ada\",\"text\":\"Ready?\",\"at\":1700000000000}",
                EventCodec.encode(new Event.ChatChanged("demo", "main", "send", "k8", 1, "alice", "Ada", "Ready?", null,
                        1_700_000_000_000L)));
        assertEquals("{\"kind\":\"activity\",\"entry\":{\"n\":3,\"type\":\"edit\",\"doc\":\"notes\"}}",
                EventCodec.encode(new Event.ActivityNoted("demo", entry())));
    }

    private static java.util.Map<String, Object> entry() {
        java.util.Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("n", 3L);
        entry.put("type", "edit");
        entry.put("doc", "notes");
        return entry;
    }

    @Test
    void everyKindComesBackAsItWasAwkwardValuesIncluded() {
        List<Event> events = EventLogContract.awkwardEvents("room");
        List<Event> read = events.stream().map(e -> EventCodec.decode("room", EventCodec.encode(e))).toList();
        assertEquals(EventLogContract.describe(events), EventLogContract.describe(read));
    }

    @Test
    void aFieldThatIsNullIsLeftOutAndComesBackNull() {
        Event.ValueAccepted read = (Event.ValueAccepted) EventCodec.decode("demo", EventCodec.encode(
                new Event.ValueAccepted("demo", new MutationVector("#list", MutationKind.CHILDREN, null, null, null,
                        "dave", 1, 2), 1, Target.parse("*"))));
        assertNull(read.vector().name());
        assertNull(read.vector().oldValue());
        assertNull(read.vector().newValue());
        assertEquals("", ((Event.OwnershipChanged) EventCodec.decode("demo",
                EventCodec.encode(new Event.OwnershipChanged("demo", "#s", "")))).owner(), "an empty owner stays empty");
    }

    @Test
    void theRoomIsTheOneTheEngineKeptBesideTheEvent() {
        String stored = EventCodec.encode(new Event.OwnershipChanged("demo", "#speed", "alice"));
        assertEquals(new Event.OwnershipChanged("elsewhere", "#speed", "alice"), EventCodec.decode("elsewhere", stored));
    }

    @Test
    void whatIsNotAStoredEventIsRefusedSayingWhy() {
        assertRefused("{\"kind\":\"telepathy\"}", "field 'kind' must be one of value, text, ownership, operation");
        assertRefused("{\"kind\":\"text\",\"doc\":\"n\",\"revision\":1,\"author\":\"a\",\"clientSeq\":1,\"op\":[0]}",
                "field 'op'");
        assertRefused("{\"kind\":\"value\",\"serverSeq\":1,\"audience\":\"*\",\"selector\":\"#x\",\"change\":\"smell\","
                + "\"source\":\"a\",\"seq\":1,\"timestamp\":1}", "field 'change'");
        assertRefused("{\"kind\":\"ownership\"}", "missing field 'selector'");
        assertRefused("{\"kind\":", "malformed JSON");
        // A protocol frame is not the log's encoding: rows of those are read by the engine that wrote them.
        assertRefused(MessageCodec.encode(new Message.Ownership("#speed", "alice", null)), "missing field 'kind'");
    }

    private static void assertRefused(String stored, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventCodec.decode("demo", stored));
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say " + reason);
    }
}
