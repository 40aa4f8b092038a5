package dev.entangle.hub.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a verified token allows: the client id it names, its rooms (each read-only or
 * read-write; the room {@code *} stands for every room), its teams, and when it expires.
 */
public record AccessToken(String clientId, Map<String, Access> rooms, List<String> teams, Instant expiresAt) {

    /** What a client may do in one room. */
    public enum Access {
        READ("r"),
        WRITE("rw");

        private final String claim;

        Access(String claim) {
            this.claim = claim;
        }

        /** The value in the token's {@code rooms} claim. */
        public String claim() {
            return claim;
        }

        static Access fromClaim(String claim) {
            for (Access access : values()) {
                if (access.claim.equals(claim)) {
                    return access;
                }
            }
            return null;
        }
    }

    public AccessToken {
        rooms = Map.copyOf(rooms);
        teams = List.copyOf(teams);
    }

    /** The access this token gives to {@code room}, or null when it names neither the room nor {@code *}. */
    public Access access(String room) {
        Access access = rooms.get(room);
        return access != null ? access : rooms.get("*");
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
