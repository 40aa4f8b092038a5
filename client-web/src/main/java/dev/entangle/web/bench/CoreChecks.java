package dev.entangle.web.bench;

import dev.entangle.core.ot.OtConformance;
import dev.entangle.web.dom.JsTextDocument;
import org.teavm.jso.JSExport;

/** The text maths' conformance run, in the browser, on the document model the browser uses. */
public final class CoreChecks {
    private CoreChecks() {
    }

    @JSExport
    public static String run(int seed, int rounds) {
        return OtConformance.run(seed, rounds, JsTextDocument::new);
    }
}
