package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lite entry (entangle-lite.js, @entangle/client/lite): a page that binds elements and text
 * gets the same connect, bindings and text, and neither the named-operation client nor the
 * devtools panel.
 */
class LiteEntryE2ETest extends BrowserTest {

    private static final String JOIN = """
            async ([url, clientId]) => {
              window.client = await Entangle.connect({ url, clientId, room: 'lite' });
              await window.client.entangle(document.getElementById('title'), { to: '*' });
              await window.client.text(document.getElementById('notes'), { doc: 'lite-notes' });
              return [window.client.status, typeof Entangle.sync, typeof Entangle.devtools];
            }""";

    private Window join(String build, String clientId, String typeOfSyncAndDevtools) {
        Window window = browser.open(hub, "/lab.html?build=" + build);
        window.waitUntilReady();
        assertEquals(List.of("connected", typeOfSyncAndDevtools, typeOfSyncAndDevtools),
                window.page.evaluate(JOIN, List.of("ws://127.0.0.1:" + hub.port() + "/entangle", clientId)));
        return window;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lite", "lite-esm"})
    void aLitePageBindsElementsAndTextWithAFullOne(String build) {
        Window lite = join(build, "lite-page", "undefined");
        Window full = join("js", "full-page", "function");
        full.input("#title", "from the full build");
        lite.waitForValue("#title", "from the full build");
        lite.input("#title", "from the lite build");
        full.waitForValue("#title", "from the lite build");
        lite.page.evaluate("() => { const el = document.getElementById('notes'); el.value = 'shared text';"
                + " el.dispatchEvent(new Event('input', { bubbles: true })); }");
        full.waitForValue("#notes", "shared text");
    }
}
