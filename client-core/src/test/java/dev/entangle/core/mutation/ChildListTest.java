package dev.entangle.core.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildListTest {

    @Test
    void aListOfInertElementsAndTextParses() {
        List<ChildList.Node> nodes = ChildList.parse("[\"before \",{\"tag\":\"LI\",\"attrs\":{\"class\":\"done\","
                + "\"data-id\":\"7\"},\"children\":[\"milk \",{\"tag\":\"b\",\"children\":[\"2 l\"]}]}]");
        assertEquals(new ChildList.Text("before "), nodes.get(0));
        ChildList.Element li = (ChildList.Element) nodes.get(1);
        assertEquals("li", li.tag());
        assertEquals(Map.of("class", "done", "data-id", "7"), li.attributes());
        assertEquals(2, li.children().size());
        assertNull(ChildList.problemWith("[]"));
    }

    @Test
    void scriptBearingOrMarkupChildrenAreRefused() {
        for (String bad : List.of(
                "[{\"tag\":\"script\",\"children\":[\"alert(1)\"]}]",
                "[{\"tag\":\"iframe\"}]",
                "[{\"tag\":\"object\",\"attrs\":{\"data\":\"x.swf\"}}]",
                "[{\"tag\":\"embed\"}]",
                "[{\"tag\":\"svg\",\"children\":[{\"tag\":\"script\"}]}]",
                "[{\"tag\":\"li\",\"attrs\":{\"onclick\":\"alert(1)\"}}]",
                "[{\"tag\":\"li\",\"children\":[{\"tag\":\"img\",\"attrs\":{\"src\":\"x\",\"onerror\":\"alert(1)\"}}]}]",
                "[{\"tag\":\"a\",\"attrs\":{\"href\":\" JAVA\\tSCRIPT:alert(1)\"}}]",
                "[{\"tag\":\"img\",\"attrs\":{\"src\":\"data:text/html,<script>\"}}]",
                "[{\"tag\":\"div\",\"attrs\":{\"srcdoc\":\"<script>\"}}]",
                "[{\"tag\":\"form\",\"attrs\":{\"action\":\"javascript:x\"}}]",
                "[{\"tag\":\"div\",\"attrs\":{\"id\":\"clobber\"}}]",
                "[{\"tag\":\"div\",\"attrs\":{\"style\":\"position:fixed\"}}]",
                "[{\"tag\":\"div\",\"attrs\":{\"class\":7}}]",
                "[7]", "{}", "\"<li>markup</li>\"", "<li>markup</li>", "[{\"attrs\":{}}]")) {
            assertNotNull(ChildList.problemWith(bad), bad);
        }
    }

    @Test
    void depthAndSizeAreBounded() {
        String deep = "[".repeat(0) + "{\"tag\":\"div\",\"children\":[".repeat(ChildList.MAX_DEPTH + 2) + "\"x\""
                + "]}".repeat(ChildList.MAX_DEPTH + 2);
        assertNotNull(ChildList.problemWith("[" + deep + "]"));
        assertNotNull(ChildList.problemWith("[" + "\"x\",".repeat(ChildList.MAX_NODES) + "\"x\"]"));
    }
}
