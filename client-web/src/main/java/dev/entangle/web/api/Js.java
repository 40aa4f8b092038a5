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

    /** {@code value} (a string or a URL) as an absolute address, relative to the page's; null for anything else. */
    @JSBody(params = "value", script = "if (typeof URL !== 'undefined' && value instanceof URL) return value.href;"
            + " if (typeof value !== 'string') return null;"
            + " try { return new URL(value, typeof location !== 'undefined' ? location.href : undefined).href; }"
            + " catch (e) { return null; }")
    static native String absoluteUrl(JSObject value);

    @JSBody(params = "message", script = "return new TypeError(message);")
    static native JSObject typeError(String message);

    @JSBody(params = "message", script = "throw new TypeError(message);")
    static native void throwTypeError(String message);

    @JSBody(params = "message", script = "return new Error(message);")
    static native JSObject error(String message);

    @JSBody(params = "message", script = "throw new Error(message);")
    static native void throwError(String message);

    /** An Error whose {@code code} is the stable code of why (a refused operation, say). */
    @JSBody(params = {"code", "message"}, script = "var error = new Error(code + ': ' + message); error.code = code;"
            + " return error;")
    static native JSObject codedError(String code, String message);

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

    @JSBody(params = {"o", "k"}, script = "return o[k];")
    static native double number(JSObject object, String key);

    @JSBody(params = {"o", "k"}, script = "var v = o[k]; return Array.isArray(v) && v.length > 0"
            + " && v.every(function (s) { return typeof s === 'string' && s.indexOf('\\u0000') < 0; });")
    static native boolean isStringArray(JSObject object, String key);

    @JSBody(params = "v", script = "return Array.isArray(v);")
    static native boolean isArray(JSObject value);

    /** An array of strings joined by NUL (which {@link #isStringArray} keeps out of them). */
    @JSBody(params = {"o", "k"}, script = "return o[k].join('\\u0000');")
    static native String joinedStrings(JSObject object, String key);

    @JSBody(params = "json", script = "return JSON.parse(json);")
    static native JSObject parse(String json);

    /** Calls {@code f(value)}; the result as a string, or null when it threw (reported asynchronously). */
    @JSBody(params = {"f", "v"}, script = "try { var r = f(v); return r === undefined || r === null ? null : String(r); }"
            + " catch (e) { setTimeout(function () { throw e; }); return null; }")
    static native String callWithString(JSObject function, String value);

    @JSBody(params = "promises", script = "return Promise.all(promises);")
    static native <T extends JSObject> org.teavm.jso.core.JSPromise<org.teavm.jso.core.JSArray<T>> all(
            org.teavm.jso.core.JSArray<org.teavm.jso.core.JSPromise<T>> promises);

    @JSBody(params = {"type", "clientId", "teams"}, script = "document.dispatchEvent(new CustomEvent('entangle-awareness',"
            + " { detail: { type: type, clientId: clientId, teams: teams === null ? [] : teams.split('\\u0000') } }));")
    static native void announcePeer(String type, String clientId, String teams);

    @JSBody(params = "s", script = "try { return document.querySelector(s); } catch (e) { return null; }")
    static native JSObject querySelector(String selector);

    @JSBody(params = "k", script = "try { return window.sessionStorage.getItem(k); } catch (e) { return null; }")
    static native String sessionGet(String key);

    @JSBody(params = {"k", "v"}, script = "try { if (v === null) window.sessionStorage.removeItem(k);"
            + " else window.sessionStorage.setItem(k, v); } catch (e) { }")
    static native void sessionSet(String key, String value);

    /** Whether {@code v} is a non-empty array of DOM Elements ({@code kind} 'Element') or of strings ('string'). */
    @JSBody(params = {"v", "kind"}, script = "return Array.isArray(v) && v.length > 0 && v.every(function (x) {"
            + " return kind === 'Element' ? x instanceof Element : typeof x === kind; });")
    static native boolean isArrayOf(JSObject value, String kind);

    @JSBody(params = {"a", "sep"}, script = "return a.join(sep);")
    static native String joined(JSObject array, String separator);

    /** A JS array of the NUL-separated strings in {@code joined} (empty for ""). */
    @JSBody(params = "s", script = "return s === '' ? [] : s.split('\\u0000');")
    static native JSObject split(String joined);

    /**
     * The options as JSON, for restoring a persistent binding on another page: functions and the
     * signal (which belongs to this page) are left out, the selector, and a mesh's members and mode, are written in.
     */
    @JSBody(params = {"o", "selector", "to", "mode"}, script = "var copy = {};"
            + " if (o) for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k) && k !== 'signal') copy[k] = o[k];"
            + " copy.selector = selector; if (to !== null) copy.to = to; if (mode !== null) copy.mode = mode;"
            + " return JSON.stringify(copy);")
    static native String withSelector(JSObject options, String selector, String to, String mode);

    /** A task for {@link #queueMicrotask}. */
    @org.teavm.jso.JSFunctor
    interface Task extends JSObject {
        void run();
    }

    /** Runs {@code task} once the current script and the microtasks before it are done. */
    @JSBody(params = "task", script = "queueMicrotask(task);")
    static native void queueMicrotask(Task task);

    /**
     * A {@code transform} option object as {@code "inverse MIN MAX"}, {@code "scale K"} or
     * {@code "offset D"}, the numbers as the page's own text of them (String(n)); null when it is
     * none of these.
     */
    @JSBody(params = "t", script = "if (t === null || typeof t !== 'object' || Array.isArray(t)) return null;"
            + " var keys = Object.keys(t); if (keys.length !== 1) return null; var k = keys[0], v = t[k];"
            + " function num(x) { return typeof x === 'number' && isFinite(x) ? String(x) : null; }"
            + " if (k === 'inverse') { if (!Array.isArray(v) || v.length !== 2 || num(v[0]) === null"
            + "  || num(v[1]) === null) return null; return 'inverse ' + num(v[0]) + ' ' + num(v[1]); }"
            + " if ((k === 'scale' || k === 'offset') && num(v) !== null) return k + ' ' + num(v);"
            + " return null;")
    static native String transformSpec(JSObject transform);
}
