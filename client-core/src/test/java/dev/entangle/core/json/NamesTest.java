package dev.entangle.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void aSetOfNamesHoldsThemAndNothingElse() {
        Set<String> actions = Names.of("request", "release", "transfer");
        assertEquals(Set.of("request", "release", "transfer"), actions);
        assertTrue(actions.contains("release"));
        assertFalse(actions.contains("Release"));
        assertFalse(actions.contains(null));
    }

    @Test
    void aSetOfNamesCannotBeChanged() {
        assertThrows(UnsupportedOperationException.class, () -> Names.of("a").add("b"));
    }

    @Test
    void aListedNameIsFoundInAnyCollection() {
        assertTrue(Names.listed(List.of("value", "checked"), "checked"));
        assertFalse(Names.listed(List.of("value", "checked"), "CHECKED"));
        assertFalse(Names.listed(List.of(), "value"));
        assertFalse(Names.listed(List.of("value"), null));
    }

    @Test
    void lowerCaseIsAsciiOnlyAsInHtmlAndUrlSchemes() {
        assertEquals("onclick", Names.lowerAscii("OnClick"));
        assertEquals("xlink:href", Names.lowerAscii("XLINK:HREF"));
        String plain = "data-x";
        assertSame(plain, Names.lowerAscii(plain));
        // The Kelvin sign and dotted capital I fold to ASCII in String.toLowerCase; browsers never do.
        assertEquals("\u212Aey", Names.lowerAscii("\u212AEY"));
        assertEquals("\u0130d", Names.lowerAscii("\u0130D"));
    }
}
