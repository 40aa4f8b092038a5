package dev.entangle.hub.entangle;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.Target;

/** One client's binding of one selector: who its changes go to, and whether it takes changes in. */
public record Binding(String clientId, String selector, Target to, Mode mode) {
}
