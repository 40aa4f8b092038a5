package dev.entangle.web.api;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/** The bits of JavaScript the sync client needs beyond {@link Js}. */
final class SyncJs {
    private SyncJs() {
    }

    @JSBody(params = "o", script = "return Object.keys(o).join('\\u0000');")
    static native String keys(JSObject object);

    @JSBody(params = {"a", "f"}, script = "return a.filter(function (entity) { return !!f(entity); });")
    static native JSObject filter(JSObject array, JSObject predicate);

    // Locals in these scripts have long names: TeaVM renames the parameters to short ones, which a
    // short local (a hoisted var) would shadow.
    @JSBody(params = {"a", "key", "desc"}, script = "function rankOf(value) { return value === undefined"
            + " || value === null ? 2 : typeof value === 'number' ? 0 : 1; }"
            + "return a.slice().sort(function (left, right) { var lv = left[key], rv = right[key],"
            + " byRank = rankOf(lv) - rankOf(rv); if (byRank !== 0 || rankOf(lv) === 2) return byRank;"
            + " var order = typeof lv === 'number' && typeof rv === 'number' ? lv - rv"
            + " : String(lv) < String(rv) ? -1 : String(lv) > String(rv) ? 1 : 0; return desc ? -order : order; });")
    static native JSObject sorted(JSObject array, String key, boolean descending);

    @JSBody(params = "text", script = "return new Blob([text], { type: 'application/json' });")
    static native JSObject blob(String text);

    /**
     * Hands {@code read} the text of a backup given as a Blob or File, a string, or an object, and
     * {@code failed} the error when a Blob cannot be read.
     */
    @JSBody(params = {"backup", "read", "failed"}, script = "(backup && typeof backup.text === 'function'"
            + " ? backup.text() : Promise.resolve(typeof backup === 'string' ? backup : JSON.stringify(backup)))"
            + ".then(function (text) { read(String(text)); }, failed);")
    static native void readText(JSObject backup, TextRead read, ReadFailed failed);

    /**
     * What {@link #readText} calls. Not a {@code JSPromise<JSObject>.then}: a generic functor's
     * argument reaches Java as an {@code Object}, which makes TeaVM bring its wrapper of
     * JavaScript values in Java references.
     */
    @JSFunctor
    interface TextRead extends JSObject {
        void read(String text);
    }

    /** What {@link #readText} calls when the backup cannot be read. */
    @JSFunctor
    interface ReadFailed extends JSObject {
        void failed(JSObject error);
    }

    @JSBody(params = {"type", "id", "entity"}, script = "return { type: type, id: id, entity: entity };")
    static native JSObject entityArgs(String type, String id, JSObject entity);

    @JSBody(params = {"type", "id"}, script = "return { type: type, id: id };")
    static native JSObject idArgs(String type, String id);

    @JSBody(params = {"clientSeq"}, script = "return { clientSeq: clientSeq };")
    static native JSObject confirmed(double clientSeq);

    @JSBody(params = {"version", "pending", "awaitingPull"}, script = "return { stateVersion: version, pending: pending,"
            + " awaitingPull: awaitingPull };")
    static native JSObject status(double version, int pending, boolean awaitingPull);

    @JSBody(params = {"version", "previous", "full"}, script = "return { stateVersion: version, prevStateVersion: previous,"
            + " full: full };")
    static native JSObject applied(double version, double previous, boolean full);

    @JSBody(params = {"clientSeq", "name", "args", "code", "message"}, script = "return { clientSeq: clientSeq, name: name,"
            + " args: args, code: code, message: message };")
    static native JSObject rollback(double clientSeq, String name, JSObject args, String code, String message);

    @JSBody(params = "reason", script = "return { reason: reason };")
    static native JSObject reason(String reason);
}
