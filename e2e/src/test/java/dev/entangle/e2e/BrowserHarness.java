package dev.entangle.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.entangle.demo.TodoMutators;
import dev.entangle.hub.EntangleHub;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real Chromium against a real hub: one Playwright and one browser for a test class (starting the
 * driver costs about a second), a fresh hub on a free port for each test, and one BrowserContext
 * per window so that windows share nothing but the hub.
 */
public final class BrowserHarness implements AutoCloseable {
    // Local Network Access checks off: a page the offline test serves from its own files (as a
    // service worker's cache would) has no address, counts as public, and may not reach 127.0.0.1.
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-features=LocalNetworkAccessChecks");

    private final Playwright playwright;
    private final Browser browser;
    private final java.util.List<Window> windows = new java.util.ArrayList<>();

    public BrowserHarness() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Project.chromium())
                .setHeadless(true)
                .setArgs(CHROMIUM_ARGS));
    }

    /**
     * A hub serving the demo site, the built bundle and the e2e lab pages, with a 1 s heartbeat.
     * A window cut off with offline emulation may never see the hub's close frame; it then finds
     * the connection dead by its heartbeat, which must come within a test's patience.
     */
    public static EntangleHub startHub() {
        return startHub(1_000);
    }

    /** The same, with another heartbeat interval (idle connections close after three). */
    public static EntangleHub startHub(long heartbeatMillis) {
        return EntangleHub.create(config -> {
            config.port = 0;
            config.heartbeatMillis = heartbeatMillis;
            config.register(new TodoMutators());
            servedDirectories().forEach(config::serve);
        }).start();
    }

    /** The folders every test hub serves: the demo site, the bundle, the test pages, the bench build. */
    public static List<Path> servedDirectories() {
        return List.of(Project.root().resolve("demo-site"), Project.dist(),
                Project.root().resolve("e2e/src/test/resources/pages"), Project.root().resolve("client-web/target/bench"));
    }

    /** A new window (its own context) showing {@code path} on the hub. */
    public Window open(EntangleHub hub, String path) {
        return open(hub.port(), path);
    }

    /** A new window (its own context) showing {@code path} on the hub listening on {@code port}. */
    public Window open(int port, String path) {
        Window window = blank();
        window.page.navigate("http://127.0.0.1:" + port + path);
        return window;
    }

    /** A phone's window (375 px wide, touch, a mobile browser) showing {@code path} on the hub. */
    public Window phone(EntangleHub hub, String path) {
        Window window = blank(new Browser.NewContextOptions().setViewportSize(375, 740).setHasTouch(true)
                .setIsMobile(true).setDeviceScaleFactor(2));
        window.page.navigate("http://127.0.0.1:" + hub.port() + path);
        return window;
    }

    /** A new window (its own context) showing nothing yet: listeners attached now see the first page's traffic. */
    public Window blank() {
        return blank(new Browser.NewContextOptions());
    }

    private Window blank(Browser.NewContextOptions options) {
        BrowserContext context = browser.newContext(options);
        Page page = context.newPage();
        Window window = new Window(context, page);
        windows.add(window);
        return window;
    }

    /** The demo page as {@code clientId}, waited on until its controls are entangled. */
    public Window openDemo(EntangleHub hub, Build build, String clientId, String room, String extraQuery) {
        Window window = open(hub, "/index.html?build=" + build.param() + "&client=" + clientId + "&room=" + room
                + (extraQuery.isEmpty() ? "" : "&" + extraQuery));
        window.waitUntilReady();
        return window;
    }

    /**
     * Closes every window opened so far. A window left open keeps reconnecting, and would join the
     * next test's hub as soon as that hub happens to get the same free port.
     */
    public void closeWindows() {
        for (Window window : windows) {
            window.close();
        }
        windows.clear();
    }

    @Override
    public void close() {
        closeWindows();
        browser.close();
        playwright.close();
    }
}
