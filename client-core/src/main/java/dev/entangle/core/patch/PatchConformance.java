package dev.entangle.core.patch;

import dev.entangle.core.json.JsonEngine;
import dev.entangle.core.json.JsonException;
import java.util.List;
import java.util.Map;

/**
 * Runs a JSON Patch test suite in the format of the public json-patch-tests ({@code doc},
 * {@code patch}, then {@code expected}, or {@code error} when the patch must fail, and
 * {@code disabled} for cases to leave out). Every case that applies is also undone with its
 * inverse patch, which must give back the document. The report has one line per case, so the
 * browser's build is checked against the JVM by comparing one string.
 */
public final class PatchConformance {
    private PatchConformance() {
    }

    /** The report: {@code N ok}, {@code N refused} (an expected error) or {@code N FAIL why}, then a total line. */
    public static String run(String suiteJson, JsonEngine engine) throws JsonException {
        Object parsed = engine.parse(suiteJson);
        if (!(parsed instanceof List<?> cases)) {
            throw new IllegalArgumentException("a test suite is a JSON array of cases");
        }
        StringBuilder report = new StringBuilder();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (int i = 0; i < cases.size(); i++) {
            Map<?, ?> c = (Map<?, ?>) cases.get(i);
            if (Boolean.TRUE.equals(c.get("disabled"))) {
                skipped++;
                continue;
            }
            String outcome = check(c);
            report.append(i).append(' ').append(outcome).append('\n');
            if (outcome.startsWith("FAIL")) {
                failed++;
            } else {
                passed++;
            }
        }
        return report.append("passed ").append(passed).append(", failed ").append(failed).append(", disabled ")
                .append(skipped).append('\n').toString();
    }

    private static String check(Map<?, ?> c) {
        Object doc = c.get("doc");
        Object before = JsonPatch.copy(doc);
        boolean mustFail = c.containsKey("error");
        JsonPatch.Applied applied;
        try {
            applied = JsonPatch.apply(doc, JsonPatch.parse(c.get("patch")));
        } catch (PatchException e) {
            if (!JsonPatch.same(doc, before)) {
                return "FAIL a refused patch changed the document";
            }
            return mustFail ? "refused" : "FAIL refused: " + e.getMessage();
        }
        if (mustFail) {
            return "FAIL applied a patch that must fail (" + c.get("error") + ")";
        }
        if (c.containsKey("expected") && !JsonPatch.same(applied.document(), c.get("expected"))) {
            return "FAIL the result differs from the expected document";
        }
        try {
            Object undone = JsonPatch.apply(applied.document(), applied.inverse()).document();
            if (!JsonPatch.same(undone, before)) {
                return "FAIL the inverse patch does not give the document back";
            }
        } catch (PatchException e) {
            return "FAIL the inverse patch does not apply: " + e.getMessage();
        }
        return JsonPatch.same(doc, before) ? "ok" : "FAIL applying changed the caller's document";
    }
}
