package dev.entangle.hub.session;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.hub.auth.AccessToken;
import dev.entangle.hub.auth.TokenException;
import dev.entangle.hub.auth.Tokens;
import dev.entangle.hub.feature.Replies;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may come in, in one place: a WebSocket's {@code hello} (ids, teams, the access token and what
 * it lets the client do) and an HTTP request's identity. Without a token secret every client is
 * who it says it is and may write.
 */
public final class Admission {
    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    /** A client declares at most this many teams. */
    public static final int MAX_TEAMS = 16;

    private final Tokens tokens;
    private final Clock clock;
    private final Replies replies;

    /** {@code secret}: the token secret, or null for a hub without tokens. */
    public Admission(byte[] secret, Clock clock, Replies replies) {
        this.tokens = secret == null ? null : new Tokens(secret);
        this.clock = clock;
        this.replies = replies;
    }

    /**
     * Whether {@code hello} may join: its ids are well-formed and, with tokens required, its token is
     * signed with the hub's secret, unexpired, and names this client id, room and teams. Records on
     * the connection what it may do; otherwise refuses and returns false.
     */
    public boolean admits(Connection connection, Message.Hello hello) {
        String problem = Identifiers.problemWithId(hello.clientId());
        if (problem == null) {
            problem = Identifiers.problemWithId(hello.room());
            problem = problem == null ? null : "room " + problem;
        } else {
            problem = "clientId " + problem;
        }
        if (problem == null) {
            problem = teamsProblem(hello.teams());
        }
        if (problem != null) {
            replies.refuse(connection, ErrorCode.INVALID_FIELD, problem, null);
            return false;
        }
        if (!authorise(connection, hello)) {
            return false;
        }
        if (hello.teams() != null) {
            for (String team : hello.teams()) {
                if (tokens != null && !connection.teams().contains(team)) {
                    replies.refuse(connection, ErrorCode.IDENTITY_MISMATCH, "the token does not put "
                            + hello.clientId() + " in team '" + team + "'", null);
                    return false;
                }
            }
            connection.declareTeams(hello.teams());
        }
        return true;
    }

    private static String teamsProblem(List<String> teams) {
        if (teams == null) {
            return null;
        }
        if (teams.size() > MAX_TEAMS) {
            return "a client declares at most " + MAX_TEAMS + " teams, got " + teams.size();
        }
        for (String team : teams) {
            String problem = Identifiers.problemWithId(team);
            if (problem != null) {
                return "team " + problem;
            }
        }
        return null;
    }

    private boolean authorise(Connection connection, Message.Hello hello) {
        if (tokens == null) {
            return true;
        }
        if (hello.token() == null) {
            replies.refuse(connection, ErrorCode.TOKEN_REQUIRED, "this hub requires an access token in hello", null);
            return false;
        }
        AccessToken token;
        try {
            token = tokens.verify(hello.token(), clock.instant());
        } catch (TokenException e) {
            log.info("refused a token for {}: {}", hello.clientId(), e.getMessage());
            replies.refuse(connection, e.code(), e.getMessage(), null);
            return false;
        }
        if (!token.clientId().equals(hello.clientId())) {
            replies.refuse(connection, ErrorCode.IDENTITY_MISMATCH, "the token is for client '" + token.clientId()
                    + "', not '" + hello.clientId() + "'", null);
            return false;
        }
        AccessToken.Access access = token.access(hello.room());
        if (access == null) {
            replies.refuse(connection, ErrorCode.ROOM_FORBIDDEN, "the token does not let " + hello.clientId()
                    + " join room '" + hello.room() + "'", null);
            return false;
        }
        connection.authorised(access == AccessToken.Access.READ, token.expiresAt(), token.teams());
        return true;
    }

    /**
     * Who an HTTP request with {@code token} is, in {@code room}: the token's client id, or
     * {@code anonymous} on a hub without tokens. Throws {@link TokenException} with the code to
     * answer when it may not ({@code write}: change) the room.
     */
    public String httpIdentity(String token, String room, String anonymous, boolean write) throws TokenException {
        if (tokens == null) {
            return anonymous;
        }
        if (token == null) {
            throw new TokenException(ErrorCode.TOKEN_REQUIRED, "this hub requires an access token");
        }
        AccessToken verified = tokens.verify(token, clock.instant());
        AccessToken.Access access = verified.access(room);
        if (access == null) {
            throw new TokenException(ErrorCode.ROOM_FORBIDDEN, "the token does not name room '" + room + "'");
        }
        if (write && access == AccessToken.Access.READ) {
            throw new TokenException(ErrorCode.READ_ONLY, verified.clientId() + " may read room '" + room
                    + "' but not change it");
        }
        return verified.clientId();
    }
}
