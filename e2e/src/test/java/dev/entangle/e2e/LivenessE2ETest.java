package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.hub.EntangleHub;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** No echo, and no silent drops: what a window sends and keeps over time. */
class LivenessE2ETest extends BrowserTest {
    private static final String JOIN = "async id => { const c = await Entangle.connect({ clientId: id, room: 'live' });"
            + " window.client = c; window.statuses = []; c.on('status', s => window.statuses.push(s));"
            + " for (const el of ['title', 'link']) await c.entangle(document.getElementById(el), { to: '*' });"
            + " return c.status; }";

    private Window join(EntangleHub onHub, Build build, String clientId) {
        Window window = browser.open(onHub, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        assertEquals("connected", window.page.evaluate(JOIN, clientId));
        return window;
    }

    /** Records every frame the page sends, before Entangle opens its socket. */
    private static final String RECORD_SENT = "() => { window.sentChanges = 0; const send = WebSocket.prototype.send;"
            + " WebSocket.prototype.send = function (frame) {"
            + " if (/\"type\":\"(mutation|text-op)\"/.test(String(frame))) window.sentChanges++;"
            + " return send.call(this, frame); }; }";

    private Window joinRecording(Build build, String clientId) {
        Window window = browser.open(hub, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        window.page.evaluate(RECORD_SENT);
        assertEquals("connected", window.page.evaluate(JOIN, clientId));
        return window;
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void appliedRemoteChangesAreNotSentBack(Build build) {
        Window alice = joinRecording(build, "alice");
        Window bob = joinRecording(build, "bob");
        alice.page.locator("#title").fill("one");
        alice.page.locator("#title").fill("two");
        alice.page.evaluate("() => document.getElementById('link').setAttribute('title', 'tooltip')");
        bob.waitForValue("#title", "two");
        bob.page.waitForFunction("() => document.getElementById('link').title === 'tooltip'");
        bob.page.waitForTimeout(300); // room for an echo to go out, if bob sent one
        assertEquals(3, ((Number) alice.page.evaluate("() => window.sentChanges")).intValue(), "alice's three changes");
        assertEquals(0, ((Number) bob.page.evaluate("() => window.sentChanges")).intValue(), "bob sent nothing back");
        assertEquals("two", alice.value("#title"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void anIdleWindowStaysConnectedThanksToTheHeartbeat(Build build) {
        EntangleHub quick = BrowserHarness.startHub(300); // the hub closes sockets silent for 900 ms
        try {
            Window alice = join(quick, build, "alice");
            Window bob = join(quick, build, "bob");
            alice.page.waitForTimeout(3_000); // idle for more than three idle timeouts
            @SuppressWarnings("unchecked")
            List<String> statuses = (List<String>) alice.page.evaluate("() => window.statuses");
            assertEquals(List.of(), statuses, "no disconnects while idle");
            alice.page.locator("#title").fill("still here");
            bob.waitForValue("#title", "still here");
        } finally {
            quick.stop();
        }
    }
}
