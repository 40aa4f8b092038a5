package dev.entangle.web.devtools;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.web.json.BrowserJson;

/** The pending outbox (what the hub has not acknowledged), read from the session's outbox state. */
public final class OutboxView {
    private OutboxView() {
    }

    /** A "Pending outbox" table of {@code state} ({@code ClientSession.outboxState()}, null when nothing is pending). */
    public static void describe(String state, Report report) {
        report.table("Pending outbox", "key", "what", "value");
        if (state == null) {
            return;
        }
        try {
            JsonObject outbox = Json.parseObject(state, BrowserJson.ENGINE);
            for (Object frame : outbox.array("values")) {
                if (MessageCodec.decode(Json.scalarText(frame), BrowserJson.ENGINE) instanceof Message.Mutation m) {
                    MutationVector v = m.vector();
                    report.row(v.name() == null ? v.selector() : v.selector() + " " + v.name(), v.kind().wire(),
                            v.newValue());
                }
            }
            for (Object entry : outbox.array("texts")) {
                JsonObject text = JsonObject.from(entry);
                if (MessageCodec.decode(text.string("sent"), BrowserJson.ENGINE) instanceof Message.TextOp op) {
                    report.row(op.doc(), "text edits @" + op.revision(), String.valueOf(op.operation()));
                }
            }
        } catch (JsonException | ProtocolException | RuntimeException e) {
            report.row("?", "unreadable", e.getMessage());
        }
    }
}
