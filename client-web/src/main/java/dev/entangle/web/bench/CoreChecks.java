package dev.entangle.web.bench;

import dev.entangle.core.json.JsonConformance;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.ot.ChunkedDocument;
import dev.entangle.core.ot.OtConformance;
import dev.entangle.core.patch.PatchConformance;
import dev.entangle.web.json.BrowserJson;
import org.teavm.jso.JSExport;

/** The core conformance runs, in the browser, on the document model and JSON engine the browser uses. */
public final class CoreChecks {
    private CoreChecks() {
    }

    @JSExport
    public static String run(int seed, int rounds) {
        return OtConformance.run(seed, rounds, ChunkedDocument::new, BrowserJson.ENGINE);
    }

    @JSExport
    public static String json() {
        return JsonConformance.run(BrowserJson.ENGINE);
    }

    /** A JSON Patch suite (its JSON text) run with the browser's JSON engine; see {@link PatchConformance}. */
    @JSExport
    public static String patch(String suiteJson) {
        try {
            return PatchConformance.run(suiteJson, BrowserJson.ENGINE);
        } catch (JsonException e) {
            return "unreadable suite: " + e.getMessage();
        }
    }
}
