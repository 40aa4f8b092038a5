package dev.entangle.hub.entangle;

import dev.entangle.core.mutation.AttributeFilter;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.Target;

/**
 * One client's binding of one selector: who its changes go to and come from ({@code to}), whether
 * it takes changes in ({@code mode}), which attributes pass ({@code filter}), and whether the hub
 * keeps it through a reload ({@code persistent}). {@code connectionId} names the connection that
 * made it, so bindings a reloaded page did not make again can be told apart.
 */
public record Binding(String clientId, String connectionId, String selector, Target to, Mode mode,
        AttributeFilter filter, boolean persistent) {
}
