package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The demo page in two or three real windows, on the JS and the Wasm build. */
class EntanglementE2ETest extends BrowserTest {

    @ParameterizedTest
    @EnumSource(Build.class)
    void aSliderMovedInOneWindowMovesInTheOtherAndBack(Build build) {
        Window alice = browser.openDemo(hub, build, "alice", "room", "");
        Window bob = browser.openDemo(hub, build, "bob", "room", "");

        alice.page.locator("#volume").focus();
        alice.page.keyboard().press("ArrowRight"); // a person's key press: 50 -> 51, with real input events
        alice.page.keyboard().press("ArrowRight");
        bob.waitForValue("#volume", "52");

        bob.input("#volume", "17");
        alice.waitForValue("#volume", "17");

        alice.page.locator("#muted").check();
        bob.waitForChecked("#muted", true);
        bob.page.locator("#muted").uncheck();
        alice.waitForChecked("#muted", false);

        String awkward = "\"quoted\" \\ back 😀 <b>not markup</b> ünï";
        alice.page.locator("#title").fill(awkward);
        bob.waitForValue("#title", awkward);
        assertEquals(0, (int) bob.page.locator("#title b").count());
        alice.close();
        bob.close();
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void mirrorModePropagatesOneWayOnly(Build build) {
        Window source = browser.openDemo(hub, build, "alice", "room", "mirror=volume");
        Window viewer = browser.openDemo(hub, build, "bob", "room", "");

        source.input("#volume", "80");
        viewer.waitForValue("#volume", "80");

        viewer.input("#volume", "10");
        viewer.page.locator("#title").fill("marker");
        // The hub sends bob's changes to alice in the order bob made them: once the title has
        // arrived, a volume change would have arrived before it.
        source.waitForValue("#title", "marker");
        assertEquals("80", source.value("#volume"), "a mirror never takes changes in");

        source.input("#volume", "81");
        viewer.waitForValue("#volume", "81");
        source.close();
        viewer.close();
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aWindowOpenedLaterStartsWithTheCurrentValues(Build build) {
        Window alice = browser.openDemo(hub, build, "alice", "room", "");
        alice.input("#volume", "65");
        alice.page.locator("#muted").check();
        alice.page.locator("#title").fill("set before you came");
        Window bob = browser.openDemo(hub, build, "bob", "room", "");
        bob.waitForValue("#title", "set before you came");
        assertEquals("65", bob.value("#volume"));
        assertTrue(bob.checked("#muted"));
        alice.close();
        bob.close();
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aDisconnectedWindowReconnectsByItselfAndCatchesUp(Build build) {
        Window alice = browser.openDemo(hub, build, "alice", "room", "");
        Window bob = browser.openDemo(hub, build, "bob", "room", "");

        bob.context.setOffline(true); // keeps bob from reconnecting until we say so
        assertTrue(hub.disconnect("bob"));
        bob.waitForStatus("disconnected");

        alice.input("#volume", "12");
        alice.page.locator("#title").fill("while you were away");
        bob.page.locator("#muted").check(); // bob's own change while disconnected is kept, not lost
        bob.page.waitForTimeout(300);
        assertEquals("50", bob.value("#volume"), "bob is really cut off");

        bob.context.setOffline(false);
        bob.waitForStatus("connected");
        bob.waitForValue("#volume", "12");
        bob.waitForValue("#title", "while you were away");
        alice.waitForChecked("#muted", true);
        @SuppressWarnings("unchecked")
        List<String> statuses = (List<String>) bob.page.evaluate("() => window.statusLog");
        assertTrue(statuses.indexOf("disconnected") > 0 && statuses.lastIndexOf("connected") > statuses.indexOf("disconnected"),
                "bob went connected -> disconnected -> connected: " + statuses);
        assertEquals(0, ((Number) bob.page.evaluate("() => entangleClient.pending")).intValue());
        alice.close();
        bob.close();
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aReloadedWindowRejoinsAndShowsTheCurrentValues(Build build) {
        Window alice = browser.openDemo(hub, build, "alice", "room", "");
        Window bob = browser.openDemo(hub, build, "bob", "room", "");
        alice.input("#volume", "33");
        bob.waitForValue("#volume", "33");
        bob.page.reload();
        bob.waitUntilReady();
        bob.waitForValue("#volume", "33");
        alice.input("#volume", "34");
        bob.waitForValue("#volume", "34");
        assertFalse(bob.page.url().isEmpty());
        alice.close();
        bob.close();
    }
}
