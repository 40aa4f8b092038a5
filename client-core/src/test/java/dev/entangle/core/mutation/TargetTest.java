package dev.entangle.core.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void everyFormParsesAndWritesBackTheSame() {
        for (String wire : List.of("*", "alice", "user-*", "*-editor", "a*b*c", "team:red", "alice,bob,team:red")) {
            assertEquals(wire, Target.parse(wire).wire());
        }
    }

    @Test
    void patternsMatchWholeIdsWithStarsForAnyRun() {
        Target users = Target.parse("user-*");
        assertTrue(users.includes("user-alice", List.of()));
        assertTrue(users.includes("user-", List.of()));
        assertFalse(users.includes("admin-user-x", List.of()));
        Target editors = Target.parse("*-editor");
        assertTrue(editors.includes("bob-editor", List.of()));
        assertFalse(editors.includes("bob-editor-2", List.of()));
        assertTrue(Target.parse("a*b*c").includes("aXXbYYc", List.of()));
        assertFalse(Target.parse("a*b*c").includes("aXXcYYb", List.of()));
    }

    @Test
    void teamsAreResolvedFromTheClientsTeams() {
        Target red = Target.parse("team:red");
        assertTrue(red.includes("anyone", List.of("blue", "red")));
        assertFalse(red.includes("anyone", List.of("blue")));
        assertFalse(red.includes("red", List.of()), "a team is not a client id");
    }

    @Test
    void aListIncludesAnyOfItsEntries() {
        Target mesh = Target.parse("alice,bob,team:ops");
        assertTrue(mesh.includes("bob", List.of()));
        assertTrue(mesh.includes("zed", List.of("ops")));
        assertFalse(mesh.includes("carol", List.of("dev")));
    }

    @Test
    void malformedTargetsAreRefusedWithTheReason() {
        for (String bad : List.of("", "team:", "bad id", "user-*,", "a,,b", "team:r d", "x".repeat(65))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Target.parse(bad), bad);
            assertFalse(e.getMessage().isEmpty());
        }
        assertThrows(IllegalArgumentException.class, () -> Target.parse(String.join(",", java.util.Collections
                .nCopies(Target.MAX_ENTRIES + 1, "a"))));
    }
}
