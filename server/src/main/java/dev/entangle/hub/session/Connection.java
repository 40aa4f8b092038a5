package dev.entangle.hub.session;

import java.time.Instant;
import java.util.List;

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
    private volatile boolean readOnly;
    private volatile Instant expiresAt;
    private volatile List<String> teams = List.of();
    private volatile RateLimit rateLimit;
    private volatile RateLimit ephemeralRateLimit;
    private volatile long lastHeard;

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

    /** What the client's access token allows (without tokens: writing, no expiry, no teams). */
    public void authorised(boolean readOnly, Instant expiresAt, List<String> teams) {
        this.readOnly = readOnly;
        this.expiresAt = expiresAt;
        this.teams = List.copyOf(teams);
    }

    /** The teams the client declared in its hello (checked against its token's teams by the hub). */
    public void declareTeams(List<String> teams) {
        this.teams = List.copyOf(teams);
    }

    /** The client may read this room but not change it. */
    public boolean readOnly() {
        return readOnly;
    }

    /** When the client's token expires, or null without tokens. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The client's teams: those it declared, else those its token names. */
    public List<String> teams() {
        return teams;
    }

    /** The connection's message and byte budget, or null for none. */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    public void limitRate(RateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** The budget of the ephemeral lane (its own: cursors never use up the budget of changes), or null. */
    public RateLimit ephemeralRateLimit() {
        return ephemeralRateLimit;
    }

    public void limitEphemeralRate(RateLimit ephemeralRateLimit) {
        this.ephemeralRateLimit = ephemeralRateLimit;
    }

    /**
     * Who wrote an edit, for recognising resends: the client and its page load. A client that
     * names no session gets one per connection, so its resends are not recognised.
     */
    public String author() {
        return clientId + "#" + session;
    }

    /** The client sent a frame (any, pings included) at {@code now}: it is still there. */
    public void heard(long now) {
        lastHeard = now;
    }

    /** When the client last sent a frame (the hub's clock), or 0 before its first. */
    public long lastHeard() {
        return lastHeard;
    }

    /** A relay: queued, written by the hub's writers. */
    public void send(String frame) {
        outlet.send(frame);
    }

    /** An answer to this connection's own message; see {@link Outlet#reply}. */
    public void reply(String frame) {
        outlet.reply(frame);
    }

    /** A frame of the ephemeral lane; see {@link Outlet#sendEphemeral}. */
    public void sendEphemeral(String coalesceKey, String frame) {
        outlet.sendEphemeral(coalesceKey, frame);
    }

    /** Frames of the ephemeral lane at once, in order; see {@link Outlet#sendEphemeral(List)}. */
    public void sendEphemeral(List<Outlet.Ephemeral> frames) {
        outlet.sendEphemeral(frames);
    }

    public void close(int code, String reason) {
        outlet.close(code, reason);
    }

    @Override
    public String toString() {
        return clientId == null ? "connection " + id : clientId + " (" + id + ")";
    }
}
