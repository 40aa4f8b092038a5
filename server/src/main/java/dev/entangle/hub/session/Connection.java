package dev.entangle.hub.session;

/**
 * One client's live connection. It has no identity until the client's {@code hello} is accepted;
 * from then on the hub trusts only {@link #clientId()} and ignores ids claimed inside messages.
 */
public final class Connection {
    private final String id;
    private final Outlet outlet;
    private volatile String clientId;
    private volatile String room;
    private volatile String session;

    public Connection(String id, Outlet outlet) {
        this.id = id;
        this.outlet = outlet;
    }

    /** The transport's own id (one per socket), distinct from the client id. */
    public String id() {
        return id;
    }

    public String clientId() {
        return clientId;
    }

    public String room() {
        return room;
    }

    public boolean hasJoined() {
        return clientId != null;
    }

    void joined(String clientId, String room, String session) {
        this.clientId = clientId;
        this.room = room;
        this.session = session == null ? id : session;
    }

    /**
     * Who wrote an edit, for recognising resends: the client and its page load. A client that
     * names no session gets one per connection, so its resends are not recognised.
     */
    public String author() {
        return clientId + "#" + session;
    }

    public void send(String frame) {
        outlet.send(frame);
    }

    public void close(int code, String reason) {
        outlet.close(code, reason);
    }

    @Override
    public String toString() {
        return clientId == null ? "connection " + id : clientId + " (" + id + ")";
    }
}
