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
                    : Transform.Decimal.of(Math.round(random.nextDouble() * 1e6) / 1e3).toString();
            assertEquals(typed, transform.forward(transform.inverse(typed)), () -> transform + " " + typed);
        }
    }

    @Test
    void decimalsParseAndPrintInPlainNotation() {
        assertEquals("1000", Transform.Decimal.parse("1e3").toString());
        assertEquals("0.0015", Transform.Decimal.parse("1.5E-3").toString());
        assertEquals("-0.5", Transform.Decimal.parse("-.50").toString());
        assertEquals("0", Transform.Decimal.parse("-0.000").toString());
        assertEquals("0.3", Transform.Decimal.parse("0.1").plus(Transform.Decimal.parse("0.2")).toString());
        assertEquals("123456789012346", Transform.Decimal.parse("123456789012345.6").rounded(15).toString());
        assertEquals("-2.5", Transform.Decimal.parse("-2.45").rounded(2).toString());
        for (String bad : new String[] {"", "-", ".", "1e", "1e+", "e5", "1.2.3", "1e99999", "12345678901234567890", "0x10"}) {
            assertEquals(null, Transform.Decimal.parse(bad), bad);
        }
        assertEquals("12222222111000000000", Transform.Decimal.parse("123456789012345678")
                .times(Transform.Decimal.parse("99")).toString(), "past a long, the operands are rounded to 9 digits");
        assertEquals("0.33333333333333333", Transform.Decimal.parse("1").dividedBy(Transform.Decimal.parse("3")).toString());
        assertEquals("-0.66666666666666667", Transform.Decimal.parse("2").dividedBy(Transform.Decimal.parse("-3")).toString());
        assertEquals("40", Transform.Decimal.parse("100").dividedBy(Transform.Decimal.parse("2.5")).toString());
        assertEquals("1000000000000000000", Transform.Decimal.parse("1e18").plus(Transform.Decimal.parse("1e-18"))
                .toString(), "too far apart: the small one does not show");
        assertEquals("81000000000000000000", Transform.Decimal.parse("900000000000000000")
                .times(Transform.Decimal.parse("90")).toString(), "trailing zeros are kept as the scale, exactly");
    }

    @Test
    void aZeroOrInfiniteFactorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Transform.scale(0));
        assertThrows(IllegalArgumentException.class, () -> Transform.offset(Double.POSITIVE_INFINITY));
    }
}
