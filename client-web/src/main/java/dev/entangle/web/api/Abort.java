package dev.entangle.web.api;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * The {@code signal} option of connect, sync, entangle and text: an {@code AbortSignal} whose abort
 * cancels the call (its promise rejects with the signal's reason, an {@code AbortError}) or, once
 * settled, ends what it made (the client closes, the binding ends).
 */
final class Abort {
    private final JSObject signal;
    /** The page's signal's listener remover (a JS function), in a typed field for Wasm. */
    private JSObject unlisten;

    private Abort(JSObject signal) {
        this.signal = signal;
    }

    /** {@code options.signal}, or null when absent; a TypeError names anything else. */
    static Abort of(Options options) throws Options.BadOption {
        String type = options.typeOf("signal");
        if (type.equals("undefined") || type.equals("null")) {
            return null;
        }
        JSObject signal = Js.get(options.raw(), "signal");
        if (!isSignal(signal)) {
            throw options.invalid("signal", "must be an AbortSignal, got " + Js.describe(options.raw(), "signal"));
        }
        return new Abort(signal);
    }

    boolean aborted() {
        return aborted(signal);
    }

    /** What the promise rejects with: the signal's reason (an {@code AbortError} DOMException by default). */
    JSObject reason() {
        return reason(signal);
    }

    /** Runs {@code action} once when the signal aborts; {@link #forget} stops listening. */
    void onAbort(Runnable action) {
        forget();
        unlisten = listen(signal, action::run);
    }

    void forget() {
        if (unlisten != null) {
            call(unlisten);
            unlisten = null;
        }
    }

    /** An {@code AbortError}, for a call cancelled by something other than a signal (the client closing). */
    @JSBody(params = "message", script = "return new DOMException(message, 'AbortError');")
    static native JSObject error(String message);

    @JSBody(params = "v", script = "return typeof AbortSignal !== 'undefined' && v instanceof AbortSignal;")
    private static native boolean isSignal(JSObject value);

    @JSBody(params = "s", script = "return s.aborted === true;")
    private static native boolean aborted(JSObject signal);

    @JSBody(params = "s", script = "return s.reason !== undefined ? s.reason"
            + " : new DOMException('This operation was aborted', 'AbortError');")
    private static native JSObject reason(JSObject signal);

    @JSBody(params = {"s", "f"}, script = "var h = function () { s.removeEventListener('abort', h); f(); };"
            + " s.addEventListener('abort', h); return function () { s.removeEventListener('abort', h); };")
    private static native JSObject listen(JSObject signal, Js.Task task);

    @JSBody(params = "f", script = "f();")
    private static native void call(JSObject function);
}
