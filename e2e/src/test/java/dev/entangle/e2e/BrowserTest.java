package dev.entangle.e2e;

import dev.entangle.hub.EntangleHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** A test class with one Chromium for all its tests and a fresh hub, on a free port, for each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {
    protected BrowserHarness browser;
    protected EntangleHub hub;

    @BeforeAll
    void launchBrowser() {
        browser = new BrowserHarness();
    }

    @AfterAll
    void quitBrowser() {
        browser.close();
    }

    @BeforeEach
    void startHub() {
        hub = BrowserHarness.startHub();
    }

    @AfterEach
    void stopHub() {
        browser.closeWindows();
        hub.stop();
    }
}
