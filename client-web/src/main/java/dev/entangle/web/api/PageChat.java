package dev.entangle.web.api;

import dev.entangle.core.multiplayer.ChatChannel;
import dev.entangle.web.json.BrowserJson;
import dev.entangle.web.net.WebSocketTransport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/** {@code client.chat(name)}: a {@link ChatChannel} as the page sees it; every answer is a promise. */
final class PageChat implements ChatApi {
    private final ChatChannel chat;
    private final Runnable typing;
    private final PageEvents events = new PageEvents("open", "message", "edit", "delete", "reaction", "read",
            "confirmed", "history");
    private JSObject messages;

    PageChat(ChatChannel chat, Runnable typing) {
        this.chat = chat;
        this.typing = typing;
    }

    /** One of the chat's events: the cached messages are built again on the next read. */
    void event(String event, Map<String, Object> detail) {
        messages = null;
        events.emit(event, toJs(detail));
    }

    @Override
    public String getName() {
        return chat.name();
    }

    @Override
    public JSObject getMessages() {
        if (messages == null) {
            messages = toJs(chat.messages());
        }
        return messages;
    }

    @Override
    public int getUnread() {
        return chat.unread();
    }

    @Override
    public boolean isMore() {
        return chat.hasMore();
    }

    @Override
    public JSObject getReads() {
        return toJs(chat.reads());
    }

    @Override
    public JSPromise<JSObject> send(JSObject text) {
        String checked = stringOf(text);
        if (checked == null) {
            return rejected(".send", "text", text);
        }
        String id = Js.randomId().replace("-", "").substring(0, 20);
        return answer("message", done -> chat.send(id, checked, (long) WebSocketTransport.nowMillis(), done::answered));
    }

    @Override
    public JSPromise<JSObject> edit(JSObject id, JSObject text) {
        String checkedId = stringOf(id);
        String checked = stringOf(text);
        if (checkedId == null || checked == null) {
            return checkedId == null ? rejected(".edit", "id", id) : rejected(".edit", "text", text);
        }
        return answer("message", done -> chat.edit(checkedId, checked, done::answered));
    }

    @Override
    public JSPromise<JSObject> remove(JSObject id) {
        String checkedId = stringOf(id);
        if (checkedId == null) {
            return rejected(".delete", "id", id);
        }
        return answer("message", done -> chat.delete(checkedId, done::answered));
    }

    @Override
    public JSPromise<JSObject> react(JSObject id, JSObject emoji) {
        String checkedId = stringOf(id);
        String checked = stringOf(emoji);
        if (checkedId == null || checked == null) {
            return checkedId == null ? rejected(".react", "id", id) : rejected(".react", "emoji", emoji);
        }
        return answer("message", done -> chat.react(checkedId, checked, done::answered));
    }

    @Override
    public JSPromise<JSObject> markRead(JSObject id) {
        String checkedId = stringOf(id);
        if (checkedId == null) {
            return rejected(".markRead", "id", id);
        }
        messages = null;
        return answer(null, done -> chat.markRead(checkedId, done::answered));
    }

    @Override
    public JSPromise<JSObject> history(JSObject options) {
        try {
            PageOf page = PageOf.read("chat.history", options);
            return answer(null, done -> chat.history(page.before(), page.limit(), done::answered));
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
    }

    @Override
    public JSPromise<JSObject> search(JSObject query, JSObject options) {
        String checked = stringOf(query);
        if (checked == null) {
            return rejected(".search", "query", query);
        }
        try {
            Options o = Options.ofOptional("chat.search", options);
            Map<String, Object> filters = new LinkedHashMap<>();
            if (!"undefined".equals(o.typeOf("from"))) {
                filters.put("from", o.requiredString("from"));
            }
            for (String time : new String[] {"since", "until"}) {
                if (!"undefined".equals(o.typeOf(time))) {
                    if (!"number".equals(o.typeOf(time))) {
                        throw o.invalid(time, "must be a time in milliseconds since the epoch");
                    }
                    filters.put(time, (long) Js.number(o.raw(), time));
                }
            }
            filters.put("limit", (long) o.optionalInt("limit", 50, 1, 100));
            return answer("messages", done -> chat.search(checked, filters, done::answered));
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
    }

    @Override
    public void typing() {
        typing.run();
    }

    @Override
    public Unsubscribe on(JSObject event, JSObject listener) {
        return events.on(event, listener);
    }

    /** {@code {before, limit}}: a page backwards (chat's history, the activity's list). */
    record PageOf(Long before, long limit) {
        static PageOf read(String call, JSObject options) throws Options.BadOption {
            Options o = Options.ofOptional(call, options);
            Long before = "number".equals(o.typeOf("before")) ? (long) o.optionalInt("before", 0, 1, Integer.MAX_VALUE)
                    : null;
            return new PageOf(before, o.optionalInt("limit", 50, 1, 100));
        }
    }

    /** Forwards a core answer to a promise. */
    interface Done {
        void answered(Map<String, Object> fields, String code, String message);
    }

    /** A promise of the answer's field {@code key} (null: the whole answer), or of its error (an Error with {@code code}). */
    static JSPromise<JSObject> answer(String key, Consumer<Done> request) {
        return new JSPromise<>((resolve, reject) -> request.accept((fields, code, message) -> {
            if (code != null) {
                reject.accept(Js.codedError(code, message));
            } else {
                Map<String, Object> out = new LinkedHashMap<>(fields);
                out.remove("seq");
                resolve.accept(toJs(key == null ? out : fields.get(key)));
            }
        }));
    }

    private static String stringOf(JSObject value) {
        return "string".equals(Js.typeOf(value)) ? ((JSString) value).stringValue() : null;
    }

    private JSPromise<JSObject> rejected(String call, String name, JSObject value) {
        return JSPromise.reject(Js.typeError("chat" + call + ": " + name + " must be a string, got " + Js.describe(value)));
    }

    static JSObject toJs(Object value) {
        return Js.parse(BrowserJson.ENGINE.write(value));
    }
}
