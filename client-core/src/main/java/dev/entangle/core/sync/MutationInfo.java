package dev.entangle.core.sync;

/** A named operation as it was asked for: its name, its arguments (a JSON tree) and when (client clock, ms). */
public record MutationInfo(String name, Object args, long timestamp) {
}
