package dev.entangle.hub.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Access tokens: JSON Web Tokens signed with HMAC-SHA256 (HS256) under a secret the hub and the
 * application's backend share. Claims: {@code sub} the client id, {@code rooms} an object from
 * room (or {@code *}) to {@code "r"} or {@code "rw"}, {@code teams} an array of team names, and
 * {@code exp}. The backend mints one per user session ({@link #issue}); the page passes it to
 * {@code Entangle.connect({token})}; the hub verifies it on every join ({@link #verify}).
 */
public final class Tokens {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final MACSigner signer;
    private final MACVerifier verifier;

    public Tokens(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_BYTES + " bytes, got "
                    + (secret == null ? 0 : secret.length));
        }
        try {
            this.signer = new MACSigner(secret.clone());
            this.verifier = new MACVerifier(secret.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token secret: " + e.getMessage(), e);
        }
    }

    /** A signed token for {@code token}'s client id, rooms, teams and expiry. */
    public String issue(AccessToken token) {
        Map<String, Object> rooms = new LinkedHashMap<>();
        token.rooms().forEach((room, access) -> rooms.put(room, access.claim()));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(token.clientId())
                .claim("rooms", rooms)
                .claim("teams", token.teams())
                .expirationTime(Date.from(token.expiresAt()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
        return jwt.serialize();
    }

    /** What {@code token} allows, if it is signed with this secret, well formed and not expired at {@code now}. */
    public AccessToken verify(String token, Instant now) throws TokenException {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenException(ErrorCode.TOKEN_INVALID, "the token is not a signed JWT: " + e.getMessage());
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new TokenException(ErrorCode.TOKEN_INVALID, "the token must be signed with HS256, not "
                    + jwt.getHeader().getAlgorithm());
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new TokenException(ErrorCode.TOKEN_INVALID, "the token's signature does not match the hub's secret");
            }
        } catch (JOSEException e) {
            throw new TokenException(ErrorCode.TOKEN_INVALID, "the token's signature cannot be checked: " + e.getMessage());
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw new TokenException(ErrorCode.TOKEN_INVALID, "the token has no expiry (exp)");
        }
        if (!now.isBefore(expiry.toInstant())) {
            throw new TokenException(ErrorCode.TOKEN_EXPIRED, "the token expired at " + expiry.toInstant());
        }
        String clientId = claims.getSubject();
        if (clientId == null || Identifiers.problemWithId(clientId) != null) {
            throw new TokenException(ErrorCode.TOKEN_INVALID, "the token's subject (sub) must be a client id");
        }
        return new AccessToken(clientId, rooms(claims), teams(claims), expiry.toInstant());
    }

    private static Map<String, AccessToken.Access> rooms(JWTClaimsSet claims) throws TokenException {
        Map<String, Object> raw;
        try {
            raw = claims.getJSONObjectClaim("rooms");
        } catch (ParseException e) {
            throw new TokenException(ErrorCode.TOKEN_INVALID, "the token's rooms claim must be an object");
        }
        if (raw == null) {
            throw new TokenException(ErrorCode.TOKEN_INVALID, "the token has no rooms claim");
        }
        Map<String, AccessToken.Access> rooms = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            AccessToken.Access access = entry.getValue() instanceof String s ? AccessToken.Access.fromClaim(s) : null;
            if (access == null) {
                throw new TokenException(ErrorCode.TOKEN_INVALID, "room '" + entry.getKey()
                        + "' in the token must be \"r\" or \"rw\"");
            }
            rooms.put(entry.getKey(), access);
        }
        return rooms;
    }

    private static List<String> teams(JWTClaimsSet claims) throws TokenException {
        Object raw = claims.getClaim("teams");
        List<String> teams = new ArrayList<>();
        if (raw == null) {
            return teams;
        }
        if (!(raw instanceof List<?> list)) {
            throw new TokenException(ErrorCode.TOKEN_INVALID, "the token's teams claim must be an array of names");
        }
        for (Object team : list) {
            if (!(team instanceof String name) || Identifiers.problemWithId(name) != null) {
                throw new TokenException(ErrorCode.TOKEN_INVALID, "the token's teams must be names, got " + team);
            }
            teams.add(name);
        }
        return teams;
    }
}
