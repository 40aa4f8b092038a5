package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * entangle-wasm.mjs, the WebAssembly build as an ES module: imported on a page below / it loads
 * nothing until used, then finds entangle.wasm beside itself (not beside the page), or at wasmUrl.
 */
class WasmModuleE2ETest extends BrowserTest {

    private Window profilePage(List<String> wasmRequests) {
        Window window = browser.open(hub, "/lab.html"); // a blank context to attach the listener first
        window.page.onRequest(request -> {
            if (request.url().contains(".wasm")) {
                wasmRequests.add(request.url().replaceFirst("^http://127\\.0\\.0\\.1:\\d+", ""));
            }
        });
        window.page.navigate("http://127.0.0.1:" + hub.port() + "/settings/profile/");
        window.page.waitForFunction("() => document.body.dataset.imported === 'true'");
        return window;
    }

    @Test
    void onARouteBelowRootTheModuleFindsEntangleWasmBesideItselfOnlyWhenUsed() {
        List<String> wasmRequests = new CopyOnWriteArrayList<>();
        Window wasm = profilePage(wasmRequests);
        assertEquals(false, wasm.page.evaluate("() => globalBefore"));
        wasm.page.waitForTimeout(300);
        assertEquals(List.of(), wasmRequests, "importing fetches nothing");

        Window js = browser.open(hub, "/lab.html?build=js");
        js.waitUntilReady();
        String join = "async id => { const c = await Entangle.connect({ clientId: id, room: 'module' });"
                + " await c.entangle(document.getElementById('title')); return [Entangle.build || 'js', c.status]; }";
        assertEquals(List.of("wasm", "connected"), wasm.page.evaluate(join, "wasm"));
        assertEquals(List.of("js", "connected"), js.page.evaluate(join, "js"));
        assertEquals(List.of("/entangle.wasm"), wasmRequests);

        wasm.page.locator("#title").fill("from the module");
        js.waitForValue("#title", "from the module");
        js.page.locator("#title").fill("back");
        wasm.waitForValue("#title", "back");
    }

    @Test
    void wasmUrlPointsTheModuleElsewhereAndABadOneIsATypeError() {
        List<String> wasmRequests = new CopyOnWriteArrayList<>();
        Window window = profilePage(wasmRequests);
        Object bad = window.page.evaluate("() => Entangle.load({ wasmUrl: 42 }).then(() => 'loaded', e => e.name + ': ' + e.message)");
        assertEquals("TypeError: Entangle.load: options.wasmUrl must be a string or a URL, got number", bad);
        Object status = window.page.evaluate("async () => { const c = await Entangle.connect({ clientId: 'w',"
                + " room: 'module', wasmUrl: '/entangle.wasm?from=option' }); return c.status; }");
        assertEquals("connected", status);
        assertEquals(List.of("/entangle.wasm?from=option"), wasmRequests);
        Object other = window.page.evaluate("() => Entangle.load({ wasmUrl: '/elsewhere.wasm' }).then(() => 'loaded', e => e.name)");
        assertEquals("TypeError", other, "one module per page: a second location is refused, not loaded twice");
        assertTrue(((String) window.page.evaluate("() => Entangle.version")).startsWith("0."));
    }
}
