package dev.entangle.web.devtools;

import org.teavm.jso.JSExport;

/**
 * The devtools bundle's export ({@code entangle-devtools.mjs}): the client's {@code Devtools}
 * imports the bundle when a page opens the panel, so a page that never does loads none of it.
 */
public final class EntangleDevtools {
    private EntangleDevtools() {
    }

    /** Puts the panel over the page, showing {@code page}'s clients; returns it. */
    @JSExport
    public static Bridge.Panel open(Bridge.Page page) {
        return new Panel(page);
    }
}
