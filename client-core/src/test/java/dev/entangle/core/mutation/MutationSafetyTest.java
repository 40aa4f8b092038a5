package dev.entangle.core.mutation;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MutationSafetyTest {

    private static MutationVector attribute(String name, String value) {
        return new MutationVector("#x", MutationKind.ATTRIBUTE, name, null, value, "mallory", 1, 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "onclick|alert(1)", "ONLOAD|alert(1)", "onMouseOver|x", "srcdoc|<script>alert(1)</script>",
            "href|javascript:alert(1)", "href|  JavaScript:alert(1)", "href|java\tscript:alert(1)",
            "src|data:text/html,<script>alert(1)</script>", "action|vbscript:msgbox", "formaction|javascript:x",
            "xlink:href|javascript:x", "a b|x", "x\"y|z", "1abc|x"})
    void scriptBearingAttributesAreRefused(String name, String value) {
        assertNotNull(MutationSafety.problemWith(attribute(name, value)), name + "=" + value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"title|javascript:alert(1)", "href|https://example.com/a?javascript:",
            "class|on", "data-x|javascript:", "aria-label|hello", "href|/relative", "src|image.png", "value|x"})
    void ordinaryAttributesPass(String name, String value) {
        assertNull(MutationSafety.problemWith(attribute(name, value)), name + "=" + value);
    }

    @ParameterizedTest
    @CsvSource({"innerHTML", "outerHTML", "srcdoc", "onclick", "textContent", "__proto__"})
    void onlyPlainFormPropertiesMayBeSet(String property) {
        assertNotNull(MutationSafety.problemWith(
                new MutationVector("#x", MutationKind.PROPERTY, property, null, "<img src=x onerror=alert(1)>", "m", 1, 1)));
    }

    @ParameterizedTest
    @CsvSource({"value", "checked", "selectedIndex"})
    void formPropertiesPass(String property) {
        assertNull(MutationSafety.problemWith(new MutationVector("#x", MutationKind.PROPERTY, property, null, "1", "a", 1, 1)));
    }

    @ParameterizedTest
    @CsvSource({"<script>alert(1)</script>"})
    void textIsAlwaysSafeBecauseItIsAppliedAsText(String text) {
        assertNull(MutationSafety.problemWith(new MutationVector("#x", MutationKind.TEXT, null, null, text, "a", 1, 1)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"href|JAVASCRIPT:alert(1)", "SRC|Data:text/html,x", "HREF|VbScript:x"})
    void upperCaseSchemesAndNamesAreRefusedToo(String name, String value) {
        assertNotNull(MutationSafety.problemWith(attribute(name, value)), name + "=" + value);
    }
}
