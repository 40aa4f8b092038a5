package dev.entangle.web.api;

import dev.entangle.core.multiplayer.ActivityFeed;
import java.util.Map;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/** {@code client.activity}: an {@link ActivityFeed} as the page sees it. */
final class PageActivity implements ActivityApi {
    private final ActivityFeed feed;
    private final PageEvents events = new PageEvents("open", "activity");
    private JSObject entries;

    PageActivity(ActivityFeed feed) {
        this.feed = feed;
    }

    void arrived(Map<String, Object> entry) {
        entries = null;
        events.emit("activity", PageChat.toJs(entry));
    }

    @Override
    public JSObject getEntries() {
        if (entries == null) {
            entries = PageChat.toJs(feed.entries());
        }
        return entries;
    }

    @Override
    public boolean isMore() {
        return feed.hasMore();
    }

    @Override
    public JSPromise<JSObject> post(JSObject entry) {
        Map<String, Object> checked = PagePresence.checkedEntry(entry);
        if (checked == null) {
            return JSPromise.reject(Js.typeError("activity.post: entry must be an object with a string type and summary,"
                    + " got " + Js.describe(entry)));
        }
        return PageChat.answer("entry", done -> feed.post(checked, done::answered));
    }

    @Override
    public JSPromise<JSObject> list(JSObject options) {
        try {
            PageChat.PageOf page = PageChat.PageOf.read("activity.list", options);
            return PageChat.answer(null, done -> feed.list(page.before(), page.limit(), done::answered));
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
    }

    @Override
    public Unsubscribe on(JSObject event, JSObject listener) {
        return events.on(event, listener);
    }
}
