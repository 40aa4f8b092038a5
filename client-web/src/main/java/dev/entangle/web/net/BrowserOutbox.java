package dev.entangle.web.net;

import dev.entangle.core.session.ClientSession;
import dev.entangle.core.session.Outbox;
import org.teavm.jso.JSBody;
import org.teavm.jso.browser.Window;

/**
 * The session's outbox in {@code localStorage}, one entry per client id and room. While
 * disconnected a change is saved in a task of its own right after it happens (several in one task
 * are saved once); while connected 100 ms later, by when the hub has usually acknowledged it and
 * there is nothing to save, so typing online costs no storage writes. Everything pending is saved
 * again as the page goes away ({@code pagehide}), so a reload loses nothing. When nothing is
 * pending the entry is removed. Where storage is unavailable (blocked, full) the client works as
 * before, without surviving reloads.
 */
public final class BrowserOutbox implements Outbox {
    private static final String PREFIX = "entangle:outbox:";

    private final String key;
    private ClientSession session;
    /** While connected, how long a change may wait for its acknowledgement before it is saved. */
    private static final int ONLINE_DELAY_MS = 100;

    private boolean scheduled;
    private boolean stored;
    private boolean warned;

    public BrowserOutbox(String room, String clientId) {
        this.key = PREFIX + room + ":" + clientId;
    }

    /** Saves {@code session}'s outbox from now on (call before {@link ClientSession#useOutbox}). */
    public void attach(ClientSession session) {
        this.session = session;
        Window.current().addEventListener("pagehide", event -> flush());
    }

    @Override
    public String load() {
        String saved = get(key);
        stored = saved != null;
        return saved;
    }

    @Override
    public void changed() {
        if (!scheduled) {
            scheduled = true;
            Window.setTimeout(this::flush, session != null && session.isOpen() ? ONLINE_DELAY_MS : 0);
        }
    }

    /** Writes what is pending now (or removes the entry when nothing is). */
    public void flush() {
        scheduled = false;
        if (session == null) {
            return;
        }
        String state = session.outboxState();
        if (state == null && !stored) {
            return; // nothing saved, nothing to save
        }
        stored = state != null;
        if (!set(key, state) && !warned) {
            warned = true;
            warn("Entangle: localStorage is not available or full; changes made offline will not survive a reload");
        }
    }

    @JSBody(params = "k", script = "try { return window.localStorage.getItem(k); } catch (e) { return null; }")
    private static native String get(String key);

    @JSBody(params = {"k", "v"}, script = "try { if (v === null) window.localStorage.removeItem(k);"
            + " else window.localStorage.setItem(k, v); return true; } catch (e) { return false; }")
    private static native boolean set(String key, String value);

    @JSBody(params = "message", script = "console.warn(message);")
    private static native void warn(String message);
}
