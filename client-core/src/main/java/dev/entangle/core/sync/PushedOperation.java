package dev.entangle.core.sync;

/**
 * A named operation on its way to the hub: {@code id} is its client sequence number and
 * {@code clientId} the replica that made it (a sync store's own id, stable across reloads and kept
 * secret, not the connection's client id); {@code timestamp} is the client's clock, ms.
 */
public record PushedOperation(long id, String clientId, String name, Object args, long timestamp) {
}
