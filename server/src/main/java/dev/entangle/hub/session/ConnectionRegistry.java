package dev.entangle.hub.session;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Client id to connection and back. A client id has at most one live connection: the newest wins. */
public final class ConnectionRegistry {
    /** WebSocket close code for a connection replaced by a newer one of the same client (a reload). */
    public static final int REPLACED = 4001;

    private final Map<String, Connection> byClientId = new ConcurrentHashMap<>();
    private final Map<String, Connection> byConnectionId = new ConcurrentHashMap<>();

    public void opened(Connection connection) {
        byConnectionId.put(connection.id(), connection);
    }

    /**
     * Gives {@code connection} the identity {@code clientId} in {@code room}. Returns the older
     * connection of the same client, which the caller must retire, or null.
     */
    public Connection claim(Connection connection, String clientId, String room, String session) {
        connection.joined(clientId, room, session);
        Connection previous = byClientId.put(clientId, connection);
        return previous == connection ? null : previous;
    }

    /** Forgets a closed connection; its client id is released only if no newer connection took it. */
    public void closed(Connection connection) {
        byConnectionId.remove(connection.id());
        if (connection.clientId() != null) {
            byClientId.remove(connection.clientId(), connection);
        }
    }

    public Connection byClientId(String clientId) {
        return byClientId.get(clientId);
    }

    public Connection byConnectionId(String connectionId) {
        return byConnectionId.get(connectionId);
    }

    /** Every open connection, joined or not. */
    public Collection<Connection> all() {
        return List.copyOf(byConnectionId.values());
    }

    public int size() {
        return byConnectionId.size();
    }
}
