package dev.entangle.web.dom;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;

@JSFunctor
public interface MutationCallback extends JSObject {
    void onMutations(JSArray<MutationRecord> records, JSObject observer);
}
