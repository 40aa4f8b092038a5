package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The ES module (entangle.mjs), imported natively, talks to the UMD and Wasm builds through one hub. */
class EsModuleE2ETest extends BrowserTest {

    @Test
    void allThreeBuildsShareOneRoom() {
        String join = "async id => { const c = await Entangle.connect({ clientId: id, room: 'mix' });"
                + " await c.entangle(document.getElementById('title'), { to: '*' }); return c.status; }";
        Window esm = browser.open(hub, "/lab.html?build=esm");
        Window umd = browser.open(hub, "/lab.html?build=js");
        Window wasm = browser.open(hub, "/lab.html?build=wasm");
        for (Window w : new Window[] {esm, umd, wasm}) {
            w.waitUntilReady();
        }
        assertEquals("connected", esm.page.evaluate(join, "esm"));
        assertEquals("connected", umd.page.evaluate(join, "umd"));
        assertEquals("connected", wasm.page.evaluate(join, "wasm"));

        esm.page.locator("#title").fill("from the module");
        umd.waitForValue("#title", "from the module");
        wasm.waitForValue("#title", "from the module");
        wasm.page.locator("#title").fill("from wasm");
        esm.waitForValue("#title", "from wasm");
        umd.waitForValue("#title", "from wasm");
    }
}
