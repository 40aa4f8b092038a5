package dev.entangle.web.devtools;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.web.json.BrowserJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The pending outbox (what the hub has not acknowledged), read in the panel from the session's
 * outbox state: the client hands over the state as it is, so its bundle needs no reader of the
 * frames it sent.
 */
final class OutboxView {
    static final String TITLE = "Pending outbox";
    static final String[] COLUMNS = {"key", "what", "value"};

    private OutboxView() {
    }

    /** The rows of {@code state} ({@code ClientSession.outboxState()}, null when nothing is pending). */
    static List<List<String>> rows(String state) {
        List<List<String>> rows = new ArrayList<>();
        if (state == null) {
            return rows;
        }
        try {
            JsonObject outbox = Json.parseObject(state, BrowserJson.ENGINE);
            for (Object frame : outbox.array("values")) {
                if (MessageCodec.decode(Json.scalarText(frame), BrowserJson.ENGINE) instanceof Message.Mutation m) {
                    MutationVector v = m.vector();
                    rows.add(row(v.name() == null ? v.selector() : v.selector() + " " + v.name(), v.kind().wire(),
                            v.newValue()));
                }
            }
            for (Object entry : outbox.array("texts")) {
                JsonObject text = JsonObject.from(entry);
                if (MessageCodec.decode(text.string("sent"), BrowserJson.ENGINE) instanceof Message.TextOp op) {
                    rows.add(row(op.doc(), "text edits @" + op.revision(), String.valueOf(op.operation())));
                }
            }
        } catch (JsonException | ProtocolException | RuntimeException e) {
            rows.add(row("?", "unreadable", e.getMessage()));
        }
        return rows;
    }

    private static List<String> row(String... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (String cell : cells) {
            row.add(Report.shortened(cell));
        }
        return row;
    }
}
