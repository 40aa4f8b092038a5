package dev.entangle.web;

import dev.entangle.web.lite.Entangle;
import org.teavm.jso.JSExportClasses;

/** TeaVM's lite entry: the {@code Entangle} namespace without {@code sync} (bindings and text only). */
@JSExportClasses({Entangle.class})
public final class EntangleLiteModule {
    private EntangleLiteModule() {
    }
}
