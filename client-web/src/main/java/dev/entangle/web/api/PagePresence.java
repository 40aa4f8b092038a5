package dev.entangle.web.api;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.multiplayer.PresenceTable;
import dev.entangle.web.json.BrowserJson;
import dev.entangle.web.net.WebSocketTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.EventListener;

/**
 * {@code client.presence}. Once a page uses it, it also keeps this client's presence current by
 * itself: {@code away} after {@code awayAfterMs} without input or while the tab is hidden (the
 * status before comes back with the next input), {@code lastActive} refreshed at most every 10 s
 * of input, and {@code typing} while the user types in a bound text field or an input marked
 * {@code data-entangle-chat}, cleared 3 s after the last key.
 */
final class PagePresence implements PresenceApi {
    static final long TYPING_MS = 3_000;
    private static final long ACTIVE_EVERY_MS = 10_000;
    static final List<String> RESERVED = List.of("clientId", "lastActive", "cursor");

    /** Tells whether an element is one of the client's bound text fields. */
    interface BoundText {
        boolean isBoundText(JSObject element);
    }

    private final PresenceTable table;
    private final String clientId;
    private final Runnable changed;
    private final BoundText boundText;
    private JSObject others;
    private JSObject me;
    private boolean automatic;
    private long awayAfterMs;
    private boolean away;
    private String statusBeforeAway;
    private double lastInput;
    private double lastActiveSent;
    private boolean typing;
    private int typingTimer = -1;
    private int awayTimer = -1;
    private final EventListener<Event> inputListener = event -> input();
    private final EventListener<Event> typedListener = this::typed;
    private final EventListener<Event> visibilityListener = event -> {
        if (documentHidden()) {
            goAway();
        } else {
            input();
        }
    };

    PagePresence(PresenceTable table, String clientId, long awayAfterMs, Runnable changed, BoundText boundText) {
        this.table = table;
        this.clientId = clientId;
        this.awayAfterMs = awayAfterMs;
        this.changed = changed;
        this.boundText = boundText;
    }

    @Override
    public void set(JSObject state) {
        Map<String, Object> changes;
        try {
            changes = checkedState("client.presence.set", state);
        } catch (Options.BadOption e) {
            Js.throwTypeError(e.getMessage());
            return;
        }
        start();
        if (changes.containsKey("status")) {
            away = false; // the page decided: the status to restore after 'away' is its own now
        }
        table.set(changes, true);
        lastActiveSent = now();
        changedHere();
    }

    /** The state as a Java map; a BadOption saying what is wrong with it. */
    static Map<String, Object> checkedState(String call, JSObject state) throws Options.BadOption {
        if (!"object".equals(Js.typeOf(state)) || Js.isArray(state)) {
            throw new Options.BadOption(call + ": state must be an object, got " + Js.describe(state));
        }
        Map<String, Object> changes;
        try {
            changes = Json.fields((Map<?, ?>) BrowserJson.ENGINE.parse(stringify(state)));
        } catch (JsonException | RuntimeException e) {
            throw new Options.BadOption(call + ": state must be an object of JSON values");
        }
        for (String key : RESERVED) {
            if (changes.containsKey(key)) {
                throw new Options.BadOption(call + ": '" + key + "' is the hub's to set, not the page's");
            }
        }
        Object status = changes.get("status");
        if (status != null && !(status instanceof String)) {
            throw new Options.BadOption(call + ": status must be a string, got " + Js.describe(state, "status"));
        }
        return changes;
    }

    /** An activity entry as a Java map: an object whose {@code type} and {@code summary} are strings; else null. */
    static Map<String, Object> checkedEntry(JSObject entry) {
        if (!"object".equals(Js.typeOf(entry)) || Js.isArray(entry) || !"string".equals(Js.typeOf(entry, "type"))
                || !"string".equals(Js.typeOf(entry, "summary"))) {
            return null;
        }
        try {
            return Json.fields((Map<?, ?>) BrowserJson.ENGINE.parse(stringify(entry)));
        } catch (JsonException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public JSObject getMe() {
        start();
        if (me == null) {
            me = Js.parse(BrowserJson.ENGINE.write(shown(clientId, table.me(), null, null)));
        }
        return me;
    }

    @Override
    public JSObject getOthers() {
        start();
        if (others == null) {
            List<Object> list = new ArrayList<>();
            for (PresenceTable.Member member : table.others()) {
                list.add(shown(member.clientId(), member.state(), member.lastActive(), member.cursor()));
            }
            others = Js.parse(BrowserJson.ENGINE.write(list));
        }
        return others;
    }

    /** A member as the page sees it: its state, with {@code status} ({@code idle} by default) and {@code typing} always there. */
    static Map<String, Object> shown(String clientId, Map<String, Object> state, Long lastActive,
            Map<String, Object> cursor) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clientId", clientId);
        out.put("status", "idle");
        out.putAll(state);
        out.put("clientId", clientId);
        out.put("typing", Boolean.TRUE.equals(state.get("typing")));
        if (lastActive != null) {
            out.put("lastActive", lastActive);
            out.put("cursor", cursor);
        }
        return out;
    }

    @Override
    public void typing() {
        start();
        if (!typing) {
            typing = true;
            Map<String, Object> on = new LinkedHashMap<>();
            on.put("typing", true);
            table.set(on, true);
            lastActiveSent = now();
            changedHere();
        }
        if (typingTimer >= 0) {
            Window.clearTimeout(typingTimer);
        }
        typingTimer = Window.setTimeout(this::stoppedTyping, (int) TYPING_MS);
        input();
    }

    private void stoppedTyping() {
        typingTimer = -1;
        if (typing) {
            typing = false;
            Map<String, Object> off = new LinkedHashMap<>();
            off.put("typing", null);
            table.set(off, false);
            changedHere();
        }
    }

    /** Another member changed: the cached list is built again on the next read. */
    void othersChanged() {
        others = null;
    }

    private void changedHere() {
        me = null;
        changed.run();
    }

    /** From the first use on: input, visibility and idle time keep this client's presence current. */
    void start() {
        if (automatic) {
            return;
        }
        automatic = true;
        lastInput = now();
        Window window = Window.current();
        for (String type : new String[] {"pointerdown", "pointermove", "keydown", "wheel", "touchstart", "focus"}) {
            window.addEventListener(type, inputListener, true);
        }
        window.addEventListener("input", typedListener, true);
        window.getDocument().addEventListener("visibilitychange", visibilityListener);
        awayTimer = Window.setInterval(this::checkIdle, (int) Math.max(250, Math.min(5_000, awayAfterMs / 4)));
        if (documentHidden()) {
            goAway();
        }
    }

    /** The client closed: no more listening or timers. */
    void stop() {
        if (!automatic) {
            return;
        }
        automatic = false;
        Window window = Window.current();
        for (String type : new String[] {"pointerdown", "pointermove", "keydown", "wheel", "touchstart", "focus"}) {
            window.removeEventListener(type, inputListener, true);
        }
        window.removeEventListener("input", typedListener, true);
        window.getDocument().removeEventListener("visibilitychange", visibilityListener);
        Window.clearInterval(awayTimer);
        if (typingTimer >= 0) {
            Window.clearTimeout(typingTimer);
        }
    }

    private void typed(Event event) {
        JSObject target = event.getTarget();
        if (boundText.isBoundText(target) || isChatInput(target)) {
            typing();
        }
    }

    private void input() {
        double now = now();
        lastInput = now;
        if (away && !documentHidden()) {
            away = false;
            Map<String, Object> back = new LinkedHashMap<>();
            back.put("status", statusBeforeAway);
            table.set(back, true);
            lastActiveSent = now;
            changedHere();
        } else if (now - lastActiveSent >= ACTIVE_EVERY_MS) {
            table.set(new LinkedHashMap<>(), true);
            lastActiveSent = now;
        }
    }

    private void checkIdle() {
        if (!away && now() - lastInput >= awayAfterMs) {
            goAway();
        }
    }

    private void goAway() {
        if (away) {
            return;
        }
        Object status = table.me().get("status");
        if ("away".equals(status)) {
            return; // the page itself said so
        }
        away = true;
        statusBeforeAway = status instanceof String s ? s : null;
        Map<String, Object> gone = new LinkedHashMap<>();
        gone.put("status", "away");
        table.set(gone, false);
        changedHere();
    }

    private static double now() {
        return WebSocketTransport.nowMillis();
    }

    @JSBody(script = "return document.hidden === true;")
    private static native boolean documentHidden();

    @JSBody(params = "t", script = "return !!(t && t.closest && t.closest('[data-entangle-chat]'));")
    private static native boolean isChatInput(JSObject target);

    @JSBody(params = "v", script = "try { return JSON.stringify(v); } catch (e) { return null; }")
    static native String stringify(JSObject value);
}
