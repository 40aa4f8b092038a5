package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ephemeral lane: cursors, typing and presence go to the other members at once, stamped with
 * their sender, never logged; it has its own budget, so a burst of cursors never uses up the budget
 * of changes, and what is over it is dropped (the next one supersedes it), not refused.
 */
class HubEphemeralTest {

    private static Hub hub() {
        HubConfig config = new HubConfig();
        config.messagesPerSecond = 5;
        config.burstMessages = 10;
        config.ephemeralPerSecond = 20;
        config.ephemeralBurst = 20;
        config.validate();
        return new Hub(config);
    }

    private static List<Message> of(HubPeer peer, Class<? extends Message> type) {
        return peer.drain().stream().filter(type::isInstance).toList();
    }

    @Test
    void anEphemeralMessageReachesTheOtherMembersWithItsSenderAndIsNeverLogged() {
        Hub hub = hub();
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        HubPeer bob = new HubPeer(hub, "bob", "demo");
        HubPeer elsewhere = new HubPeer(hub, "carol", "other-room");
        alice.drain();
        long logged = hub.events().size();
        alice.send(new Message.Ephemeral("cursor", Map.of("x", 0.25, "y", 0.5), null));
        assertEquals(List.of(new Message.Ephemeral("cursor", Map.of("x", 0.25, "y", 0.5), "alice")),
                of(bob, Message.Ephemeral.class));
        assertEquals(List.of(), of(alice, Message.Ephemeral.class), "not echoed to its sender");
        assertEquals(List.of(), of(elsewhere, Message.Ephemeral.class), "nor sent to another room");
        assertEquals(logged, hub.events().size(), "nothing was logged");
        assertEquals(1, hub.stats().ephemeralRelayed());
    }

    @Test
    void aForgedSenderABadKeyAndAnOversizedValueAreRefusedWithTheirCodes() {
        Hub hub = hub();
        HubPeer mallory = new HubPeer(hub, "mallory", "demo");
        HubPeer bob = new HubPeer(hub, "bob", "demo");
        mallory.send(new Message.Ephemeral("cursor", 1L, "bob"));
        assertEquals(ErrorCode.IDENTITY_MISMATCH, mallory.error().code());
        mallory.send(new Message.Ephemeral("no spaces!", 1L, null));
        assertEquals(ErrorCode.INVALID_FIELD, mallory.error().code());
        mallory.send(new Message.Ephemeral("note", "x".repeat(5_000), null));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, mallory.error().code());
        assertEquals(List.of(), of(bob, Message.Ephemeral.class), "none of them was relayed");
    }

    @Test
    void theLaneHasItsOwnBudgetAndDropsWhatIsOverIt() {
        Hub hub = hub();
        HubPeer alice = new HubPeer(hub, "alice", "demo");
        HubPeer bob = new HubPeer(hub, "bob", "demo");
        alice.entangle("#volume", "*", Mode.BIDIRECTIONAL);
        alice.drain();
        for (int i = 0; i < 30; i++) {
            alice.send(new Message.Ephemeral("cursor", (long) i, null));
        }
        assertEquals(List.of(), of(alice, Message.Error.class), "over the lane's budget is dropped, not refused");
        int relayed = of(bob, Message.Ephemeral.class).size();
        assertTrue(relayed >= 19 && relayed <= 21, "the lane's burst of 20 passes: " + relayed);
        assertEquals(30 - relayed, hub.stats().ephemeralDroppedCount());
        alice.change("#volume", "42");
        assertTrue(alice.next() instanceof Message.Ack, "the budget of changes is untouched by the cursors");
    }
}
