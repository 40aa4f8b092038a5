package dev.entangle.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void aKeyIsTheStringItIs() {
        assertEquals("volume", Json.key("volume"));
    }

    @Test
    void aKeyThatIsNoStringIsRefusedByItsType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.key(7L));
        assertEquals("a JSON object key must be a string, got number", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.key(null));
    }

    @Test
    void aScalarReadsAsStringValueOfWritesIt() {
        assertEquals("abc", Json.scalarText("abc"));
        assertEquals("42", Json.scalarText(42L));
        assertEquals("true", Json.scalarText(true));
        assertEquals("null", Json.scalarText(null));
    }

    @Test
    void anObjectOrArrayReadsAsItsTypeName() {
        assertEquals("object", Json.scalarText(Map.of("a", 1L)));
        assertEquals("array", Json.scalarText(List.of(1L)));
    }

    @Test
    void aValueThatIsNotJsonIsNamedSo() {
        assertEquals("a value that is not JSON", Json.typeName(new Object()));
        assertEquals("string", Json.typeName("x"));
    }
}
