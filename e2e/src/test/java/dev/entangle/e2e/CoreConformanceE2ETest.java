package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.SharedData;
import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonConformance;
import dev.entangle.core.ot.OtConformance;
import dev.entangle.core.ot.StringBuilderDocument;
import dev.entangle.core.patch.PatchConformance;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The text maths compiled by TeaVM give the JVM's answers: the same conformance run (operations
 * with emoji, transform, compose, invert, diff, codec, the browser's document model) passes in
 * Chromium on each build and ends with the JVM's digest; so do the JSON engine and JSON Patch.
 */
class CoreConformanceE2ETest extends BrowserTest {
    private static final int SEED = 11;
    private static final int ROUNDS = 2_000;

    @ParameterizedTest
    @EnumSource(Build.class)
    void theBrowserBuildAgreesWithTheJvm(Build build) {
        String jvm = OtConformance.run(SEED, ROUNDS, StringBuilderDocument::new);
        assertTrue(jvm.startsWith("0:"), jvm);
        Window page = browser.open(hub, "/bench-text.html");
        page.waitUntilReady();
        Object browserResult = page.page.evaluate("async ([build, seed, rounds]) =>"
                + " (await loadBench(build)).CoreChecks.run(seed, rounds)", new Object[] {build.param(), SEED, ROUNDS});
        assertEquals(jvm, browserResult, build + " build");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void theBrowsersJsonEngineReadsFramesAsJsonSimpleDoes(Build build) {
        String jvm = JsonConformance.run(Json.SIMPLE);
        Window page = browser.open(hub, "/bench-text.html");
        page.waitUntilReady();
        Object browserResult = page.page.evaluate("async (build) => (await loadBench(build)).CoreChecks.json()",
                build.param());
        assertEquals(jvm, browserResult, build + " build");
    }

    /** JSON Patch (RFC 6902) and its inverses: the public suite gives the JVM's report line for line in the browser. */
    @ParameterizedTest
    @EnumSource(Build.class)
    void theBrowserAppliesAndUndoesJsonPatchesAsTheJvmDoes(Build build) throws Exception {
        for (String file : List.of("json-patch-tests/tests.json", "json-patch-tests/spec_tests.json")) {
            String suite = Files.readString(SharedData.file(file));
            String jvm = PatchConformance.run(suite, Json.SIMPLE);
            assertTrue(jvm.contains(", failed 0,"), jvm);
            Window page = browser.open(hub, "/bench-text.html");
            page.waitUntilReady();
            Object browserResult = page.page.evaluate("async ([build, suite]) =>"
                    + " (await loadBench(build)).CoreChecks.patch(suite)", new Object[] {build.param(), suite});
            assertEquals(jvm, browserResult, build + " build, " + file);
            page.close();
        }
    }
}
