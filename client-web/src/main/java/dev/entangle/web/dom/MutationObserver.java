package dev.entangle.web.dom;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;

/** The browser's MutationObserver, which teavm-jso-apis does not declare. */
@JSClass
public class MutationObserver implements JSObject {

    public MutationObserver(MutationCallback callback) {
    }

    public native void observe(JSObject target, JSObject options);

    public native void disconnect();

    /** Drains pending records; used right after applying a remote change so it is not sent back. */
    public native JSArray<MutationRecord> takeRecords();
}
