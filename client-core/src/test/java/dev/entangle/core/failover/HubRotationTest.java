package dev.entangle.core.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.time.Backoff;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HubRotationTest {
    private static final String A = "ws://a.example/entangle";
    private static final String B = "ws://b.example/entangle";
    private static final String C = "wss://c.example/entangle";
    private final Backoff backoff = new Backoff(250, 10_000);

    @Test
    void aSingleUrlWaitsExactlyAsTheBackoffAlone() {
        HubRotation rotation = new HubRotation(List.of(A), backoff, 0.7);
        for (int attempt = 0; attempt < 40; attempt++) {
            assertEquals(backoff.delayMillis(attempt, 0.3), rotation.failed(0.3), "attempt " + attempt);
            assertEquals(A, rotation.current());
        }
    }

    @Test
    void eachFailureMovesToTheNextUrlRoundRobin() {
        HubRotation rotation = new HubRotation(List.of(A, B, C), backoff, 0);
        List<String> tried = new ArrayList<>(List.of(rotation.current()));
        for (int i = 0; i < 6; i++) {
            rotation.failed(0);
            tried.add(rotation.current());
        }
        assertEquals(List.of(A, B, C, A, B, C, A), tried);
    }

    @Test
    void theBackoffGrowsOnlyOnceEveryUrlFailed() {
        HubRotation rotation = new HubRotation(List.of(A, B, C), backoff, 0);
        long[] delays = new long[9];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = rotation.failed(0);
        }
        assertEquals("[125, 125, 125, 250, 250, 250, 500, 500, 500]", Arrays.toString(delays));
        assertEquals(3, rotation.failedRounds());
    }

    @Test
    void aConnectionThatOpensStartsTheNextFailureFromTheFirstRoundOnTheNextUrl() {
        HubRotation rotation = new HubRotation(List.of(A, B), backoff, 0);
        rotation.failed(0);
        rotation.failed(0);
        rotation.failed(0); // three failures: A, B, A; now on B, past the first round
        assertEquals(B, rotation.current());
        rotation.opened();
        assertEquals(0, rotation.failedRounds());
        assertEquals(125, rotation.failed(0), "a lost connection waits the first round's delay");
        assertEquals(A, rotation.current(), "and goes to the other node, not back to the one it lost");
    }

    @Test
    void retryNowStartsAFreshRoundWhereTheRotationStands() {
        HubRotation rotation = new HubRotation(List.of(A, B), backoff, 0);
        for (int i = 0; i < 7; i++) {
            rotation.failed(0);
        }
        rotation.retryNow();
        assertEquals(B, rotation.current());
        assertEquals(125, rotation.failed(0));
    }

    @Test
    void theFirstUrlIsDrawnSoThatAFleetSpreadsOverEveryNode() {
        List<String> urls = List.of(A, B, C);
        assertEquals(A, new HubRotation(urls, backoff, 0).current());
        assertEquals(B, new HubRotation(urls, backoff, 0.34).current());
        assertEquals(C, new HubRotation(urls, backoff, 0.999_999).current());
        Set<String> firsts = new HashSet<>();
        java.util.Random random = new java.util.Random(7);
        for (int page = 0; page < 30; page++) {
            firsts.add(new HubRotation(urls, backoff, random.nextDouble()).current());
        }
        assertEquals(Set.copyOf(urls), firsts);
    }

    @Test
    void anEmptyListOrANonWebSocketUrlIsRefusedNamingTheProblem() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new HubRotation(List.of(), backoff, 0));
        assertEquals("no hub URL: give at least one ws:// or wss:// URL, got an empty list", empty.getMessage());
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> HubRotation.checked(List.of(A, "http://b.example/entangle")));
        assertEquals("hub URL 2 of 2 must start with ws:// or wss://, got \"http://b.example/entangle\"",
                http.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> HubRotation.checked(Arrays.asList(A, null)));
        assertEquals("hub URL 2 of 2 must start with ws:// or wss://, got null", none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HubRotation(List.of(A), backoff, 1.0));
    }

    @Test
    void theUrlsAreKeptAsGivenAndCannotBeChangedFromOutside() {
        List<String> given = new ArrayList<>(List.of(A, B));
        HubRotation rotation = new HubRotation(given, backoff, 0);
        given.clear();
        assertEquals(List.of(A, B), rotation.urls());
        assertThrows(UnsupportedOperationException.class, () -> rotation.urls().add(C));
        assertTrue(HubRotation.isWebSocketUrl(C));
    }
}
