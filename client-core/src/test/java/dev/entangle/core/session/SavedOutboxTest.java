package dev.entangle.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavedOutboxTest {

    @Test
    void whatAPageSavedReadsBack() throws Exception {
        MutationVector volume = new MutationVector("#volume", MutationKind.PROPERTY, "value", "1", "2", "alice", 3, 5L);
        String saved = new SavedOutbox("s-1", 4, "e-1", List.of(volume), List.of()).write("alice", "demo", Json.SIMPLE);
        SavedOutbox read = SavedOutbox.read(saved, "alice", "demo", Json.SIMPLE);
        assertEquals(List.of(volume), read.values());
        assertEquals(4, read.nextSeq());
    }

    @Test
    void aSavedFrameThatIsNoStringMakesTheOutboxUnreadable() {
        String saved = "{\"v\":1,\"clientId\":\"alice\",\"room\":\"demo\",\"session\":\"s-1\",\"nextSeq\":4,"
                + "\"values\":[{\"type\":\"mutation\"}],\"texts\":[]}";
        JsonException e = assertThrows(JsonException.class, () -> SavedOutbox.read(saved, "alice", "demo", Json.SIMPLE));
        assertEquals(JsonException.Problem.MALFORMED, e.problem());
        assertEquals("an outbox frame must be a string, got object", e.getMessage());
    }
}
