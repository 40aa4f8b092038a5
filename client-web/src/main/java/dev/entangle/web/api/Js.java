package dev.entangle.web.api;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Raw JavaScript values, read without TeaVM's typed getters: those do not check types, so a page
 * passing {@code clientId: 42} would get a silently wrong string in JS and an uncatchable trap in
 * Wasm. Every option is checked here with {@code typeof} first, the same way on both builds.
 */
final class Js {
    private Js() {
    }

    @JSBody(params = "v", script = "return v === null ? 'null' : typeof v;")
    static native String typeOf(JSObject value);

    @JSBody(params = {"o", "k"}, script = "var v = o[k]; return v === null ? 'null' : typeof v;")
    static native String typeOf(JSObject object, String key);

    @JSBody(params = {"o", "k"}, script = "return o[k];")
    static native String string(JSObject object, String key);

    @JSBody(params = {"o", "k"}, script = "return o[k];")
    static native JSObject get(JSObject object, String key);

    /** Calls a page's token function: its string, or null when it threw or returned something else. */
    @JSBody(params = "f", script = "try { var t = f(); return typeof t === 'string' ? t : null; }"
            + " catch (e) { setTimeout(function () { throw e; }); return null; }")
    static native String callForString(JSObject function);

    /** How a bad value looks in an error message: {@code number 42}, {@code string "x"}, {@code undefined}. */
    @JSBody(params = {"o", "k"}, script = "var v = o[k];"
            + "if (v === undefined || v === null) return String(v);"
            + "if (typeof v === 'string') return 'string ' + JSON.stringify(v);"
            + "if (typeof v === 'function') return 'function';"
            + "if (typeof v === 'object') return Array.isArray(v) ? 'array' : 'object';"
            + "return typeof v + ' ' + String(v);")
    static native String describe(JSObject object, String key);

    @JSBody(params = "v", script = "return v === null ? 'null' : typeof v === 'object' ? 'object' : "
            + "typeof v === 'string' ? 'string ' + JSON.stringify(v) : typeof v + (v === undefined ? '' : ' ' + String(v));")
    static native String describe(JSObject value);

    @JSBody(params = "message", script = "return new TypeError(message);")
    static native JSObject typeError(String message);

    @JSBody(params = "message", script = "throw new TypeError(message);")
    static native void throwTypeError(String message);

    @JSBody(params = "message", script = "return new Error(message);")
    static native JSObject error(String message);

    /** Calls a page's listener; an exception it throws is reported asynchronously instead of breaking the client. */
    @JSBody(params = {"f", "arg"}, script = "try { f(arg); } catch (e) { setTimeout(function () { throw e; }); }")
    static native void call(JSObject function, JSObject argument);

    @JSBody(params = "message", script = "console.warn(message);")
    static native void warn(String message);

    /** A random id for this page load (the session a resend is recognised by). */
    @JSBody(script = "return typeof crypto !== 'undefined' && crypto.randomUUID ? crypto.randomUUID()"
            + " : Date.now().toString(36) + Math.random().toString(36).slice(2);")
    static native String randomId();

    @JSBody(script = "return {};")
    static native JSObject emptyObject();

    @JSBody(script = "return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/entangle';")
    static native String defaultHubUrl();

    @JSBody(params = "s", script = "return s;")
    static native JSObject string(String value);

    @JSBody(params = {"o", "k"}, script = "return o[k] === true;")
    static native boolean bool(JSObject object, String key);

    @JSBody(params = "pending", script = "return { pending: pending };")
    static native JSObject pendingDetail(int pending);

    @JSBody(params = {"code", "message"}, script = "return { code: code, message: message };")
    static native JSObject errorDetail(String code, String message);

    @JSBody(params = "v", script = "return v instanceof Element;")
    static native boolean isElement(JSObject value);
}
