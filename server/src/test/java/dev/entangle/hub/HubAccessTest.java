package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.hub.auth.AccessToken;
import dev.entangle.hub.auth.AccessToken.Access;
import dev.entangle.hub.auth.TokenException;
import dev.entangle.hub.auth.Tokens;
import dev.entangle.hub.store.MemoryEventLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubAccessTest {
    private static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final MovableClock clock = new MovableClock();
    private final Tokens tokens = new Tokens(SECRET);
    private final Hub hub = new Hub(config(), new MemoryEventLog(), clock);

    private static HubConfig config() {
        HubConfig config = new HubConfig();
        config.tokenSecret = SECRET;
        return config;
    }

    private String token(String clientId, Map<String, Access> rooms, Duration ttl) {
        return tokens.issue(new AccessToken(clientId, rooms, List.of("red"), NOW.plus(ttl)));
    }

    private HubPeer join(String clientId, String room, String token) {
        return new HubPeer(hub, new Message.Hello(clientId, room, "s", token));
    }

    private HubPeer joined(String clientId, String room, String token) {
        HubPeer peer = join(clientId, room, token);
        assertInstanceOf(Message.Welcome.class, peer.next());
        return peer;
    }

    private static ErrorCode refusal(HubPeer peer) {
        return peer.error().code();
    }

    @Test
    void aValidTokenLetsTheClientJoinAndWrite() {
        HubPeer alice = joined("alice", "demo", token("alice", Map.of("demo", Access.WRITE), Duration.ofHours(1)));
        HubPeer bob = joined("bob", "demo", token("bob", Map.of("*", Access.WRITE), Duration.ofHours(1)));
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        bob.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.change("#volume", "42");
        assertInstanceOf(Message.Ack.class, alice.next());
        assertEquals(List.of("42"), bob.valuesReceived());
        assertEquals(List.of("red"), alice.connection.teams());
    }

    @Test
    void aReadOnlyClientSeesChangesButCannotMakeThem() {
        HubPeer writer = joined("alice", "demo", token("alice", Map.of("demo", Access.WRITE), Duration.ofHours(1)));
        HubPeer reader = joined("bob", "demo", token("bob", Map.of("demo", Access.READ), Duration.ofHours(1)));
        writer.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        reader.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        writer.change("#volume", "1");
        writer.drain();
        assertEquals(List.of("1"), reader.valuesReceived());

        reader.change("#volume", "666");
        Message.Error refused = reader.error();
        assertEquals(ErrorCode.READ_ONLY, refused.code());
        assertEquals(reader.seq, refused.seq());
        assertEquals(List.of(), writer.valuesReceived(), "the refused change reached nobody");

        reader.send(new Message.TextOpen(++reader.seq, "notes", null, null));
        reader.drain();
        reader.send(new Message.TextOp(++reader.seq, "notes", 0, TextOperation.builder().insert("x").build(), null));
        assertEquals(ErrorCode.READ_ONLY, refusal(reader));
    }

    @Test
    void aReadOnlyClientMayBindAnOwnedElementButNeverHoldsItsToken() {
        HubPeer reader = joined("bob", "demo", token("bob", Map.of("demo", Access.READ), Duration.ofHours(1)));
        reader.send(new Message.Entangle(++reader.seq, "#speed", "*", Mode.BIDIRECTIONAL, null, null, true, false));
        assertEquals(List.of(new Message.Ack(reader.seq, null)), reader.drain(), "bound, and nobody owns #speed yet");
        reader.send(new Message.Own(++reader.seq, "#speed", "request", null));
        assertEquals(ErrorCode.READ_ONLY, reader.error().code());
        HubPeer writer = joined("alice", "demo", token("alice", Map.of("demo", Access.WRITE), Duration.ofHours(1)));
        writer.send(new Message.Entangle(++writer.seq, "#speed", "*", Mode.BIDIRECTIONAL, null, null, true, false));
        writer.drain();
        assertEquals(List.of(new Message.Ownership("#speed", "alice", null)), reader.drain(),
                "the first writer to bind it holds it, and every bound client is told");
    }

    @Test
    void missingForgedExpiredAndMalformedTokensAreRefusedWithTheirCodes() {
        assertEquals(ErrorCode.TOKEN_REQUIRED, refusal(join("alice", "demo", null)));
        String forged = new Tokens("another-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8))
                .issue(new AccessToken("alice", Map.of("demo", Access.WRITE), List.of(), NOW.plusSeconds(60)));
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(join("alice", "demo", forged)));
        assertEquals(ErrorCode.TOKEN_EXPIRED, refusal(join("alice", "demo",
                token("alice", Map.of("demo", Access.WRITE), Duration.ofSeconds(-1)))));
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(join("alice", "demo", "not.a.token")));
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(join("alice", "demo", "")));
        // An unsigned token ("alg": "none") with every claim right is still refused.
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"alice\",\"rooms\":{\"demo\":\"rw\"},\"exp\":"
                        + NOW.plusSeconds(60).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(join("alice", "demo", unsigned)));
        // A signed token whose payload was edited no longer matches its signature.
        String genuine = token("alice", Map.of("demo", Access.READ), Duration.ofHours(1));
        String[] parts = genuine.split("\\.");
        String edited = parts[0] + "." + b64.encodeToString(("{\"sub\":\"alice\",\"rooms\":{\"demo\":\"rw\"},\"exp\":"
                + NOW.plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(join("alice", "demo", edited)));
    }

    @Test
    void aTokenCannotBeUsedForAnotherClientOrAnotherRoom() {
        String alices = token("alice", Map.of("demo", Access.WRITE), Duration.ofHours(1));
        assertEquals(ErrorCode.IDENTITY_MISMATCH, refusal(join("mallory", "demo", alices)));
        assertEquals(ErrorCode.ROOM_FORBIDDEN, refusal(join("alice", "secret-room", alices)));
    }

    @Test
    void aTokenThatExpiresDuringTheConnectionStopsItsWritesAndClosesIt() {
        HubPeer alice = joined("alice", "demo", token("alice", Map.of("demo", Access.WRITE), Duration.ofMinutes(5)));
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.change("#volume", "1");
        assertInstanceOf(Message.Ack.class, alice.next());
        clock.now = NOW.plus(Duration.ofMinutes(6));
        alice.change("#volume", "2");
        assertEquals(ErrorCode.TOKEN_EXPIRED, refusal(alice));
        assertEquals(Hub.POLICY_VIOLATION, alice.outlet.closeCode);
    }

    @Test
    void tokensRoundTripTheirClaimsAndRejectShortSecrets() throws TokenException {
        AccessToken issued = new AccessToken("alice", Map.of("demo", Access.WRITE, "lobby", Access.READ),
                List.of("red", "blue"), NOW.plusSeconds(600));
        AccessToken read = tokens.verify(tokens.issue(issued), NOW);
        assertEquals(issued, read);
        assertEquals(Access.READ, read.access("lobby"));
        assertEquals(null, read.access("elsewhere"));
        assertThrows(IllegalArgumentException.class, () -> new Tokens("too short".getBytes(StandardCharsets.UTF_8)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EntangleHub.create(c -> c.tokenSecret = new byte[8]))
                .getMessage().contains("32"));
    }
}
