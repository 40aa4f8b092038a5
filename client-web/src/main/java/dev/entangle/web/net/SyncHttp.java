package dev.entangle.web.net;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/** The browser's {@code fetch} and {@code EventSource}, as the HTTP sync transport uses them. */
public final class SyncHttp {

    @JSFunctor
    public interface Answered extends JSObject {
        /** {@code status} 0: the request did not get through (then {@code body} says why). */
        void answered(int status, String body);
    }

    @JSFunctor
    public interface StreamEvent extends JSObject {
        void event(String type, String data);
    }

    @JSFunctor
    public interface StreamState extends JSObject {
        void changed(boolean open);
    }

    private SyncHttp() {
    }

    /** POSTs {@code body} (JSON) to {@code url}; {@code token} goes in an Authorization header when not null. */
    @JSBody(params = {"url", "body", "token", "done"}, script = ""
            + "var headers = { 'Content-Type': 'application/json' };"
            + "if (token !== null) headers.Authorization = 'Bearer ' + token;"
            + "fetch(url, { method: 'POST', headers: headers, body: body, cache: 'no-store' })"
            + "  .then(function (response) { return response.text().then(function (text) {"
            + "    done(response.status, text); }); })"
            + "  .catch(function (error) { done(0, String(error && error.message || error)); });")
    public static native void post(String url, String body, String token, Answered done);

    /**
     * Opens an event stream; {@code onEvent} gets each {@code state_changed},
     * {@code operation_confirmed}, {@code client_connected}, {@code client_disconnected} and
     * {@code error} event,
     * {@code onState} its opening and its failures (the caller closes and reopens it).
     */
    @JSBody(params = {"url", "onEvent", "onState"}, script = ""
            + "var source = new EventSource(url);"
            + "['state_changed', 'operation_confirmed', 'client_connected', 'client_disconnected', 'error']"
            + ".forEach(function (eventType) {"
            + "  source.addEventListener(eventType, function (event) {"
            + "    if (typeof event.data === 'string') onEvent(eventType, event.data); });"
            + "});"
            + "source.onopen = function () { onState(true); };"
            + "source.onerror = function () { onState(false); };"
            + "return source;")
    public static native JSObject openStream(String url, StreamEvent onEvent, StreamState onState);

    @JSBody(params = "source", script = "source.close();")
    public static native void closeStream(JSObject source);

    @JSBody(params = "s", script = "return encodeURIComponent(s);")
    public static native String encode(String value);

    /** The page's origin, for the HTTP endpoints of a hub given by its WebSocket URL. */
    @JSBody(params = "wsUrl", script = "return wsUrl.replace(/^ws/, 'http').replace(/\\/entangle$/, '');")
    public static native String httpBase(String wsUrl);
}
