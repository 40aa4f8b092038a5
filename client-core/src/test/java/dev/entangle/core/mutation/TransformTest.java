package dev.entangle.core.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransformTest {

    @Test
    void inverseMapsWithinTheRangeBothWays() {
        Transform inverse = Transform.inverse(0, 100);
        assertEquals("70", inverse.forward("30"));
        assertEquals("30", inverse.inverse("70"));
        assertEquals("0", inverse.forward("100"));
    }

    @Test
    void scaleAndOffsetMapOnTheWayInAndBackOnTheWayOut() {
        assertEquals("60", Transform.scale(2).forward("30"));
        assertEquals("15", Transform.scale(2).inverse("30"));
        assertEquals("40", Transform.offset(10).forward("30"));
        assertEquals("0.3", Transform.offset(0.1).forward("0.2"), "no 0.30000000000000004 on screen");
    }

    @Test
    void valuesThatAreNotNumbersPassUnchanged() {
        for (String value : new String[] {"on", "", "1e", "--1", null, "Infinity"}) {
            assertEquals(value, Transform.scale(3).forward(value));
            assertEquals(value, Transform.inverse(0, 10).inverse(value));
        }
    }

    /** Property: a value typed in a window, sent out and shown again there, is exactly what was typed. */
    @Test
    void aValueGoingOutAndComingBackIsExactlyWhatWasTyped() {
        Random random = new Random(7);
        List<Transform> transforms = List.of(Transform.inverse(0, 100), Transform.inverse(-5.5, 12.25),
                Transform.scale(3), Transform.scale(0.1), Transform.scale(-7), Transform.offset(0.1),
                Transform.offset(-1e6));
        for (int i = 0; i < 20_000; i++) {
            Transform transform = transforms.get(random.nextInt(transforms.size()));
            String typed = random.nextBoolean() ? Integer.toString(random.nextInt(2001) - 1000)
                    : Transform.Numbers.format(Math.round(random.nextDouble() * 1e6) / 1e3);
            assertEquals(typed, transform.forward(transform.inverse(typed)), () -> transform + " " + typed);
        }
    }

    @Test
    void aZeroOrInfiniteFactorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Transform.scale(0));
        assertThrows(IllegalArgumentException.class, () -> Transform.offset(Double.POSITIVE_INFINITY));
    }
}
