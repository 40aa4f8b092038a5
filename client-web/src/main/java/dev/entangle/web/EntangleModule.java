package dev.entangle.web;

import dev.entangle.web.api.Entangle;
import org.teavm.jso.JSExportClasses;

/** TeaVM's entry: exports nothing itself, only the {@code Entangle} namespace (window.Entangle). */
@JSExportClasses({Entangle.class})
public final class EntangleModule {
    private EntangleModule() {
    }
}
