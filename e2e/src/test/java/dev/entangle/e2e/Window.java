package dev.entangle.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;

/** One browser window (its own context) showing a page, with the few moves the tests make. */
public final class Window {
    private static final double TIMEOUT_MS = 10_000;

    public final BrowserContext context;
    public final Page page;

    Window(BrowserContext context, Page page) {
        this.context = context;
        this.page = page;
        page.setDefaultTimeout(TIMEOUT_MS);
    }

    public void waitUntilReady() {
        page.waitForFunction("() => document.body.dataset.ready === 'true' || document.body.dataset.failed !== undefined");
        Object failed = page.evaluate("() => document.body.dataset.failed");
        if (failed != null) {
            throw new AssertionError("page failed to start: " + failed);
        }
    }

    /** Sets a control's value and fires the input event a person's drag or typing fires. */
    public void input(String selector, String value) {
        page.evaluate("([selector, value]) => { const el = document.querySelector(selector); el.value = value;"
                + " el.dispatchEvent(new Event('input', { bubbles: true })); }", new Object[] {selector, value});
    }

    public String value(String selector) {
        return (String) page.evaluate("selector => document.querySelector(selector).value", selector);
    }

    public boolean checked(String selector) {
        return (Boolean) page.evaluate("selector => document.querySelector(selector).checked", selector);
    }

    /** Waits until the control at {@code selector} holds {@code expected}. */
    public void waitForValue(String selector, String expected) {
        page.waitForFunction("([selector, expected]) => document.querySelector(selector).value === expected",
                new Object[] {selector, expected});
    }

    public void waitForChecked(String selector, boolean expected) {
        page.waitForFunction("([selector, expected]) => document.querySelector(selector).checked === expected",
                new Object[] {selector, expected});
    }

    public void waitForStatus(String status) {
        page.locator("#status[data-status='" + status + "']").waitFor(
                new com.microsoft.playwright.Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
    }

    private boolean closed;

    public void close() {
        if (!closed) {
            closed = true;
            context.close();
        }
    }
}
