package dev.entangle.web.api;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.multiplayer.Multiplayer;
import dev.entangle.core.multiplayer.PresenceTable;
import dev.entangle.core.session.ClientSession;
import dev.entangle.web.dom.CursorOverlay;
import dev.entangle.web.json.BrowserNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;
import org.teavm.jso.core.JSString;

/**
 * The page client's multiplayer side: {@code client.presence}, {@code client.chat(name)},
 * {@code client.activity} and the cursor layers of {@code Entangle.cursors}, fed by the session's
 * {@link Multiplayer} part. It is there from the start, so the hub's list of members sent at
 * join is never missed, but it listens to the page (input, visibility) only once the page uses it.
 */
final class PageMultiplayer implements Multiplayer.Listener, Multiplayers {
    /** After a reconnect, members the hub has not listed again within this time are gone. */
    private static final int RELIST_MS = 1_500;
    private static final int CURSOR_THROTTLE_MS = 50;

    private final Multiplayer core;
    private final PageEvents clientEvents;
    private final PagePresence presence;
    private final Map<String, PageChat> chats = new LinkedHashMap<>();
    private final List<Cursors> overlays = new ArrayList<>();
    private PageActivity activity;
    private boolean closed;

    /** One {@code Entangle.cursors} layer: the handle the page holds. */
    private final class Cursors implements CursorsHandle {
        final CursorOverlay overlay;

        Cursors(CursorOverlay overlay) {
            this.overlay = overlay;
        }

        @Override
        public String getArea() {
            return overlay.area();
        }

        @Override
        public void stop() {
            if (overlays.remove(this)) {
                overlay.stop();
            }
        }
    }

    /** Reads {@code options.presence} and {@code options.awayAfterMs} of {@code Entangle.connect}. */
    static Connect.Extras.Maker read(Options options, JSObject raw) throws Options.BadOption {
        Map<String, Object> presence = null;
        if (!"undefined".equals(options.typeOf("presence"))) {
            if (!"object".equals(options.typeOf("presence")) || Js.isArray(Js.get(raw, "presence"))) {
                throw options.invalid("presence", "must be an object (status, name, color, avatar, ...)");
            }
            presence = PagePresence.checkedState("Entangle.connect: options.presence", Js.get(raw, "presence"));
        }
        long awayAfterMs = options.optionalInt("awayAfterMs", 60_000, 1_000, Integer.MAX_VALUE);
        Map<String, Object> initial = presence;
        return (session, events, boundText) -> new PageMultiplayer(session, events, initial, awayAfterMs, boundText);
    }

    PageMultiplayer(ClientSession session, PageEvents clientEvents, Map<String, Object> initialPresence,
            long awayAfterMs, PagePresence.BoundText boundText) {
        this.core = session.addPart(wire -> new Multiplayer(session.clientId(), wire, this));
        this.clientEvents = clientEvents;
        this.presence = new PagePresence(core.presence(), session.clientId(), awayAfterMs,
                () -> clientEvents.emit("presence", presence().getOthers()), boundText);
        if (initialPresence != null) {
            core.presence().set(initialPresence, true);
        }
    }

    @Override
    public PresenceApi presence() {
        return presence;
    }

    @Override
    public ChatApi chat(JSObject name) {
        String checked = "undefined".equals(Js.typeOf(name)) ? "main"
                : "string".equals(Js.typeOf(name)) ? ((JSString) name).stringValue() : null;
        String problem = checked == null ? "must be a string, got " + Js.describe(name) : Identifiers.problemWithId(checked);
        if (problem != null) {
            Js.throwTypeError("client.chat: name " + problem);
            return null;
        }
        presence.start();
        PageChat chat = chats.get(checked);
        if (chat == null) {
            chat = new PageChat(core.chat(checked), presence::typing);
            chats.put(checked, chat);
        }
        return chat;
    }

    @Override
    public ActivityApi activity() {
        if (activity == null) {
            activity = new PageActivity(core.activity());
        }
        return activity;
    }

    @Override
    public CursorsHandle cursors(JSObject container, JSObject rawOptions) {
        try {
            if (container == null || !Js.isElement(container)) {
                throw new Options.BadOption("Entangle.cursors: container must be a DOM Element, got "
                        + (container == null ? "undefined" : Js.describe(container)));
            }
            Options options = Options.ofOptional("Entangle.cursors", rawOptions);
            String fallback = Js.string(container, "id");
            String area = options.optionalString("area", fallback == null || fallback.isEmpty() ? "cursors" : fallback);
            String problem = Identifiers.problemWithId(area);
            if (problem != null) {
                throw options.invalid("area", problem + " (name the area, or give the container an id)");
            }
            int throttle = options.optionalInt("throttleMs", CURSOR_THROTTLE_MS, CURSOR_THROTTLE_MS, 10_000);
            presence.start();
            CursorOverlay overlay = new CursorOverlay(container, area, throttle, (x, y, inside) -> {
                if (!closed) {
                    core.presence().cursor(area, inside ? clamp(x) : null, inside ? clamp(y) : null);
                }
            });
            Cursors handle = new Cursors(overlay);
            overlays.add(handle);
            for (PresenceTable.Member member : core.presence().others()) {
                cursor(member, false);
            }
            return handle;
        } catch (Options.BadOption e) {
            Js.throwTypeError(e.getMessage());
            return null;
        }
    }

    private static Number clamp(double v) {
        return BrowserNumber.of(Math.max(-1, Math.min(2, v)));
    }

    /** Joined (again): members the hub does not list again soon are gone. */
    @Override
    public void joined() {
        Window.setTimeout(() -> {
            if (!closed && core.presence().dropStale()) {
                presence.othersChanged();
                List<String> listed = new ArrayList<>();
                for (PresenceTable.Member member : core.presence().others()) {
                    listed.add(member.clientId());
                }
                for (Cursors handle : overlays) {
                    handle.overlay.keepOnly(listed);
                }
                clientEvents.emit("presence", presence.getOthers());
            }
        }, RELIST_MS);
    }

    /** The client closed: nothing listens to the page any more, the pointer layers are gone. */
    @Override
    public void close() {
        closed = true;
        presence.stop();
        for (Cursors handle : new ArrayList<>(overlays)) {
            handle.stop();
        }
    }

    @Override
    public void presence(PresenceTable.Member member) {
        presence.othersChanged();
        boolean present = core.presence().isPresent(member);
        for (Cursors handle : overlays) {
            if (!present) {
                handle.overlay.hide(member.clientId());
            } else {
                handle.overlay.relabel(member.clientId(), label(member), color(member));
            }
        }
        clientEvents.emit("presence", presence.getOthers());
    }

    @Override
    public void cursor(PresenceTable.Member member) {
        cursor(member, true);
    }

    private void cursor(PresenceTable.Member member, boolean announce) {
        presence.othersChanged();
        Map<String, Object> at = member.cursor();
        for (Cursors handle : overlays) {
            if (at != null && handle.overlay.area().equals(at.get("area"))) {
                handle.overlay.show(member.clientId(), label(member), color(member), ((Number) at.get("x")).doubleValue(),
                        ((Number) at.get("y")).doubleValue());
            } else {
                handle.overlay.hide(member.clientId());
            }
        }
        if (announce) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("clientId", member.clientId());
            detail.put("cursor", at);
            clientEvents.emit("cursor", PageChat.toJs(detail));
        }
    }

    private static String label(PresenceTable.Member member) {
        return member.state().get("name") instanceof String name && !name.isEmpty() ? name : member.clientId();
    }

    private static String color(PresenceTable.Member member) {
        return member.state().get("color") instanceof String color ? color : null;
    }

    @Override
    public void chatEvent(String chat, String event, Map<String, Object> detail) {
        PageChat page = chats.get(chat);
        if (page != null) {
            page.event(event, detail);
        }
    }

    @Override
    public void activity(Map<String, Object> entry) {
        if (activity != null) {
            activity.arrived(entry);
        }
    }
}
