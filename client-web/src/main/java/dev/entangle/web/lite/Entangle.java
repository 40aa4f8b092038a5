package dev.entangle.web.lite;

import dev.entangle.web.api.Client;
import dev.entangle.web.api.Connect;
import dev.entangle.web.api.Transforms;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/**
 * The lite entry's {@code Entangle} ({@code @entangle/client/lite}, {@code entangle-lite.js}):
 * the same {@code connect} — element bindings, meshes, ownership and collaborative text — without
 * {@code sync} (named operations, collections, IndexedDB, HTTP sync) and without the devtools
 * panel, for pages that need only bindings and text and want the fewest bytes. Same name as the
 * full namespace, so a page switches (to debug it with the panel, say) by changing its import.
 */
public final class Entangle {
    private Entangle() {
    }

    /** As {@code Entangle.connect} of the full build. */
    @JSExport
    public static JSPromise<Client> connect(JSObject rawOptions) {
        return Connect.connect(rawOptions);
    }

    /** As {@code Entangle.registerTransform} of the full build. */
    @JSExport
    public static void registerTransform(JSObject name, JSObject forward, JSObject inverse) {
        Transforms.registerChecked(name, forward, inverse);
    }

    @JSExport
    @JSProperty
    public static JSPromise<JSObject> getReady() {
        return JSPromise.resolve(null);
    }

    @JSExport
    @JSProperty
    public static String getVersion() {
        return "0.1.0";
    }
}
