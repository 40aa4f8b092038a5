package dev.entangle.web;

import dev.entangle.web.devtools.EntangleDevtools;
import org.teavm.jso.JSExportClasses;

/** TeaVM's entry for the devtools panel's own bundle ({@code entangle-devtools.mjs}), loaded on demand. */
@JSExportClasses({EntangleDevtools.class})
public final class EntangleDevtoolsModule {
    private EntangleDevtoolsModule() {
    }
}
