package dev.entangle.core.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.SharedData;
import dev.entangle.core.json.Json;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPatchTest {

    private static Object json(String text) throws Exception {
        return Json.parse(text);
    }

    private static Object apply(String doc, String patch) throws Exception {
        return JsonPatch.apply(json(doc), JsonPatch.parse(json(patch))).document();
    }

    /** Every case of the public suite that is not disabled passes, and every applied patch is undone by its inverse. */
    @ParameterizedTest
    @ValueSource(strings = {"json-patch-tests/tests.json", "json-patch-tests/spec_tests.json"})
    void thePublicTestSuitePasses(String file) throws Exception {
        String report = PatchConformance.run(Files.readString(SharedData.file(file)), Json.SIMPLE);
        assertFalse(report.contains("FAIL"), report);
        assertTrue(report.contains(", failed 0,"), report);
    }

    @Test
    void pointersAreEqualByTheirTokens() throws Exception {
        JsonPointer a = JsonPointer.parse("/todos/0/title");
        JsonPointer b = JsonPointer.ROOT.child("todos").child("0").child("title");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(List.of("todos", "0", "title").hashCode(), a.hashCode());
        assertFalse(a.equals(JsonPointer.parse("/todos/0")));
        assertFalse(a.equals(JsonPointer.parse("/todos/0/titles")));
        assertFalse(a.equals("/todos/0/title"));
        assertTrue(JsonPointer.parse("/todos").isProperPrefixOf(a));
        assertTrue(JsonPointer.ROOT.isProperPrefixOf(a));
        assertFalse(a.isProperPrefixOf(a));
        assertFalse(JsonPointer.parse("/todo").isProperPrefixOf(a));
    }

    @Test
    void aTestOperationComparesNumbersStringsAndBooleansByValue() throws Exception {
        assertEquals(json("{\"n\":1,\"s\":\"x\",\"b\":true}"), apply("{\"n\":1,\"s\":\"x\",\"b\":true}",
                "[{\"op\":\"test\",\"path\":\"/n\",\"value\":1},{\"op\":\"test\",\"path\":\"/s\",\"value\":\"x\"},"
                        + "{\"op\":\"test\",\"path\":\"/b\",\"value\":true}]"));
        for (String wrong : List.of("{\"op\":\"test\",\"path\":\"/n\",\"value\":2}",
                "{\"op\":\"test\",\"path\":\"/s\",\"value\":1}", "{\"op\":\"test\",\"path\":\"/b\",\"value\":\"true\"}")) {
            assertThrows(PatchException.class, () -> apply("{\"n\":1,\"s\":\"x\",\"b\":true}", "[" + wrong + "]"), wrong);
        }
    }

    @Test
    void pointersEscapeTildeAndSlash() throws Exception {
        JsonPointer pointer = JsonPointer.parse("/a~1b/m~0n/0");
        assertEquals(List.of("a/b", "m~n", "0"), pointer.tokens());
        assertEquals("/a~1b/m~0n/0", pointer.toString());
        assertEquals(2L, pointer.resolve(json("{\"a/b\":{\"m~n\":[2]}}")));
        for (String bad : List.of("a", "/~2", "/~")) {
            assertThrows(PatchException.class, () -> JsonPointer.parse(bad), bad);
        }
    }

    @Test
    void aPatchThatFailsHalfwayLeavesTheDocumentUntouched() throws Exception {
        Object doc = json("{\"a\":[1,2],\"b\":{\"c\":true}}");
        Object before = JsonPatch.copy(doc);
        List<JsonPatch.Operation> patch = JsonPatch.parse(json(
                "[{\"op\":\"add\",\"path\":\"/a/-\",\"value\":3},{\"op\":\"remove\",\"path\":\"/b/c\"},"
                        + "{\"op\":\"test\",\"path\":\"/a/0\",\"value\":99}]"));
        PatchException e = assertThrows(PatchException.class, () -> JsonPatch.apply(doc, patch));
        assertTrue(e.getMessage().contains("test failed"), e.getMessage());
        assertTrue(JsonPatch.same(before, doc));
    }

    @Test
    void theInverseOfEachOperationRestoresWhatItChanged() throws Exception {
        Object doc = json("{\"list\":[\"a\",\"b\"],\"obj\":{\"x\":1},\"n\":null}");
        String patch = "[{\"op\":\"add\",\"path\":\"/list/-\",\"value\":\"c\"},"
                + "{\"op\":\"add\",\"path\":\"/obj/x\",\"value\":2},"
                + "{\"op\":\"move\",\"from\":\"/list/0\",\"path\":\"/obj/y\"},"
                + "{\"op\":\"copy\",\"from\":\"/obj\",\"path\":\"/n\"},"
                + "{\"op\":\"replace\",\"path\":\"\",\"value\":{\"whole\":true}}]";
        JsonPatch.Applied applied = JsonPatch.apply(doc, JsonPatch.parse(json(patch)));
        assertTrue(JsonPatch.same(json("{\"whole\":true}"), applied.document()));
        assertTrue(JsonPatch.same(doc, JsonPatch.apply(applied.document(), applied.inverse()).document()));
        assertEquals("replace", applied.inverse().get(0).op(), "undone last-first");
    }

    @Test
    void numbersCompareByValueAndObjectsRegardlessOfOrder() throws Exception {
        assertTrue(JsonPatch.same(json("{\"a\":1,\"b\":[1.0]}"), json("{\"b\":[1],\"a\":1.0}")));
        assertFalse(JsonPatch.same(json("[1,2]"), json("[2,1]")));
        assertEquals(json("{\"a\":1}"), apply("{\"a\":1}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":1.0}]"));
    }

    /** Property: random operations on random documents (fixed seeds); the inverse always gives the document back. */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026, 31337})
    void anyAppliedPatchIsUndoneByItsInverse(long seed) throws Exception {
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            Object doc = randomValue(random, 3);
            Object[] current = {doc};
            List<JsonPatch.Operation> patch = randomPatch(random, current);
            JsonPatch.Applied applied = JsonPatch.apply(doc, patch);
            assertTrue(JsonPatch.same(current[0], applied.document()), "seed " + seed + " round " + round);
            Object undone = JsonPatch.apply(applied.document(), applied.inverse()).document();
            assertTrue(JsonPatch.same(doc, undone), "seed " + seed + " round " + round + ": " + patch);
        }
    }

    /**
     * Property: applying in place gives what applying to a copy gives, and a patch that fails part
     * way (a random patch with a failing test appended) leaves the document exactly as it was.
     */
    @ParameterizedTest
    @ValueSource(longs = {3, 11, 2027})
    void applyingInPlaceMatchesApplyingToACopyAndFailsWithoutATrace(long seed) throws Exception {
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            Object doc = randomValue(random, 3);
            List<JsonPatch.Operation> patch = randomPatch(random, new Object[] {doc});
            Object expected = JsonPatch.apply(doc, patch).document();
            Object before = JsonPatch.copy(doc);
            List<JsonPatch.Operation> failing = new ArrayList<>(patch);
            failing.add(new JsonPatch.Operation("test", JsonPointer.ROOT, null, "never this", true));
            Object target = JsonPatch.copy(doc);
            assertThrows(PatchException.class, () -> JsonPatch.applyInPlace(target, failing));
            assertTrue(JsonPatch.same(before, target), "seed " + seed + " round " + round + ": " + patch);
            JsonPatch.Applied inPlace = JsonPatch.applyInPlace(target, patch);
            assertTrue(JsonPatch.same(expected, inPlace.document()), "seed " + seed + " round " + round);
            assertTrue(JsonPatch.same(before, JsonPatch.applyInPlace(inPlace.document(), inPlace.inverse()).document()));
        }
    }

    /**
     * One to five random operations that each fit the document as the ones before left it;
     * {@code doc[0]} ends as the patched document.
     */
    private static List<JsonPatch.Operation> randomPatch(Random random, Object[] doc) {
        List<JsonPatch.Operation> patch = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            JsonPatch.Operation op = randomOperation(random, doc[0]);
            try {
                doc[0] = JsonPatch.apply(doc[0], List.of(op)).document();
                patch.add(op);
            } catch (PatchException e) {
                // an operation that does not fit (move into its own child, remove the root): leave it out
            }
        }
        return patch;
    }

    private static JsonPatch.Operation randomOperation(Random random, Object doc) {
        List<JsonPointer> paths = new ArrayList<>();
        collect(doc, JsonPointer.ROOT, paths);
        JsonPointer existing = paths.get(random.nextInt(paths.size()));
        JsonPointer target = existing;
        if (!existing.isRoot() && random.nextBoolean()) {
            Object parent;
            try {
                parent = existing.parent().resolve(doc);
            } catch (PatchException e) {
                throw new AssertionError(e);
            }
            target = existing.parent().child(parent instanceof List<?> list
                    ? (random.nextBoolean() ? "-" : Integer.toString(random.nextInt(list.size() + 1)))
                    : "k" + random.nextInt(4));
        }
        switch (random.nextInt(5)) {
            case 0:
                return JsonPatch.Operation.add(target, randomValue(random, 2));
            case 1:
                return JsonPatch.Operation.remove(existing);
            case 2:
                return JsonPatch.Operation.replace(existing, randomValue(random, 2));
            case 3:
                return new JsonPatch.Operation("move", target, paths.get(random.nextInt(paths.size())), null, false);
            default:
                return new JsonPatch.Operation("copy", target, paths.get(random.nextInt(paths.size())), null, false);
        }
    }

    private static void collect(Object value, JsonPointer at, List<JsonPointer> into) {
        into.add(at);
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collect(v, at.child(String.valueOf(k)), into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), at.child(Integer.toString(i)), into);
            }
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 7 : 5);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return (long) random.nextInt(100);
            case 3:
                return random.nextInt(10) / 4.0;
            case 4:
                return "s/~" + random.nextInt(10);
            case 5: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < random.nextInt(4); i++) {
                    map.put(i == 0 ? "a/b" : "k" + random.nextInt(4), randomValue(random, depth - 1));
                }
                return map;
            }
            default: {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < random.nextInt(4); i++) {
                    list.add(randomValue(random, depth - 1));
                }
                return list;
            }
        }
    }
}
