package dev.entangle.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.core.mutation.AttributeFilter;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.mutation.Transform;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import dev.entangle.core.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One session's side of filters, transforms, batching, ownership and awareness, with the hub played by hand. */
class ClientSessionBindingTest {
    private final List<Message> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<MutationVector> applied = new ArrayList<>();
    private final List<Long> flushes = new ArrayList<>();
    private long now = 1_000;
    private ClientSession session;

    private final BindingListener element = new BindingListener() {
        public void applyRemote(MutationVector vector) {
            applied.add(vector);
        }

        public void ready() {
            events.add("ready");
        }

        public void refused(ErrorCode code, String message) {
            events.add("refused " + code.wire());
        }

        public void ownershipChanged(String owner, String previous) {
            events.add("owner " + owner + " was " + previous);
        }

        public void ownershipRequested(String from) {
            events.add("requested by " + from);
        }
    };

    @BeforeEach
    void connect() {
        session = new ClientSession("alice", "room", "page", frame -> {
            try {
                sent.add(MessageCodec.decode(frame));
            } catch (ProtocolException e) {
                throw new AssertionError(e);
            }
        }, () -> now, new SessionListener() {
            public void joined(long heartbeatMs) {
            }

            public void error(ErrorCode code, String message) {
                events.add("error " + code.wire());
            }

            public void flushAfter(long delayMillis) {
                flushes.add(delayMillis);
            }

            public void peer(String event, String clientId, List<String> teams) {
                events.add(event + " " + clientId + " " + teams);
            }
        });
        session.useTeams(List.of("red"));
        session.opened();
        hub(new Message.Welcome("alice", "room", 15_000, "e1"));
    }

    private void hub(Message message) {
        session.receive(MessageCodec.encode(message));
    }

    private BindingOptions options(AttributeFilter filter, Transform transform, int batch, boolean owned) {
        return new BindingOptions(Target.parse("*"), Mode.BIDIRECTIONAL, filter, transform, batch, owned, true);
    }

    private List<Message.Mutation> mutationsSent() {
        List<Message.Mutation> out = new ArrayList<>();
        for (Message m : sent) {
            if (m instanceof Message.Mutation mutation) {
                out.add(mutation);
            }
        }
        return out;
    }

    private static MutationVector remote(String name, MutationKind kind, String value) {
        return new MutationVector("#x", kind, name, null, value, "bob", 1, 1);
    }

    @Test
    void theHelloCarriesTheTeamsAndTheEntangleCarriesTheBindingsOptions() {
        session.entangle("#x", options(new AttributeFilter(List.of("value"), List.of("style")), Transform.IDENTITY, 0,
                true), element);
        assertEquals(List.of("red"), ((Message.Hello) sent.get(0)).teams());
        Message.Entangle entangle = (Message.Entangle) sent.get(1);
        assertEquals(List.of("value"), entangle.attributes());
        assertEquals(List.of("style"), entangle.ignoreAttributes());
        assertTrue(entangle.owned() && entangle.persistent());
    }

    @Test
    void attributeListsStopLocalChangesGoingOutAndRemoteOnesComingIn() {
        session.entangle("#x", options(new AttributeFilter(null, List.of("style")), Transform.IDENTITY, 0, false),
                element);
        session.localChange("#x", MutationKind.ATTRIBUTE, "style", null, "color: red");
        session.localChange("#x", MutationKind.ATTRIBUTE, "class", null, "big");
        assertEquals(1, mutationsSent().size());
        assertEquals("class", mutationsSent().get(0).vector().name());
        hub(new Message.Mutation(remote("style", MutationKind.ATTRIBUTE, "display:none"), 5L));
        assertEquals(List.of(), applied);
        assertTrue(events.contains("error attribute_not_allowed"), events.toString());
    }

    @Test
    void aTransformMapsLocalValuesOutAndSharedValuesIn() {
        session.entangle("#x", options(AttributeFilter.ALL, Transform.inverse(0, 100), 0, false), element);
        session.localChange("#x", MutationKind.PROPERTY, "value", "50", "60");
        MutationVector out = mutationsSent().get(0).vector();
        assertEquals("40", out.newValue(), "sent in the shared form");
        assertEquals("50", out.oldValue());
        hub(new Message.Ack(out.seq(), 1L));
        hub(new Message.Mutation(remote("value", MutationKind.PROPERTY, "30"), 2L));
        assertEquals("70", applied.get(0).newValue(), "shown in this window's form");
    }

    @Test
    void aBurstWithinTheBatchWindowGoesOutAsTheFirstChangeAndTheNewestOne() {
        session.entangle("#x", options(AttributeFilter.ALL, Transform.IDENTITY, 16, false), element);
        for (int v = 1; v <= 20; v++) {
            session.localChange("#x", MutationKind.PROPERTY, "value", Integer.toString(v - 1), Integer.toString(v));
            now += 1;
        }
        assertEquals(1, mutationsSent().size(), "the first at once");
        assertEquals(List.of(15L), flushes, "one flush asked for, when the window closes (16 ms after the first)");
        assertEquals(1, session.pending() - 1, "the held change counts as pending");
        session.flush();
        List<Message.Mutation> out = mutationsSent();
        assertEquals(2, out.size());
        assertEquals("20", out.get(1).vector().newValue(), "the final value is never lost");
        assertEquals("1", out.get(1).vector().oldValue(), "merged: from where the held run started");
        now += 100;
        session.localChange("#x", MutationKind.PROPERTY, "value", "20", "21");
        assertEquals(3, mutationsSent().size(), "after a quiet window, a change goes out at once again");
    }

    @Test
    void heldChangesSurviveADisconnect() {
        session.entangle("#x", options(AttributeFilter.ALL, Transform.IDENTITY, 50, false), element);
        session.localChange("#x", MutationKind.PROPERTY, "value", "0", "1");
        session.localChange("#x", MutationKind.PROPERTY, "value", "1", "2");
        session.closed();
        session.flush(); // the timer fires while offline: nothing to send now
        sent.clear();
        session.opened();
        List<Message.Mutation> out = mutationsSent();
        assertEquals("2", out.get(out.size() - 1).vector().newValue());
    }

    @Test
    void aChangeTheOwnerRefusesIsRevertedToWhatTheElementShowedBefore() {
        session.entangle("#x", options(AttributeFilter.ALL, Transform.IDENTITY, 0, true), element);
        hub(new Message.Ownership("#x", "bob", null));
        session.localChange("#x", MutationKind.PROPERTY, "value", "10", "99");
        long seq = mutationsSent().get(0).vector().seq();
        hub(new Message.Error(ErrorCode.NOT_OWNER, "owned by bob", seq));
        assertEquals("10", applied.get(applied.size() - 1).newValue(), "the optimistic 99 is rolled back");
        assertTrue(events.contains("owner bob was null") && events.contains("error not_owner"), events.toString());
    }

    @Test
    void ownershipActionsAreAnsweredByTheHub() {
        session.entangle("#x", options(AttributeFilter.ALL, Transform.IDENTITY, 0, true), element);
        List<String> answers = new ArrayList<>();
        session.own("#x", "request", null, (code, message) -> answers.add(code == null ? "done" : code.wire()));
        Message.Own own = (Message.Own) sent.get(sent.size() - 1);
        assertEquals("request", own.action());
        hub(new Message.Error(ErrorCode.NOT_OWNER, "bob holds it", own.seq()));
        session.own("#x", "release", null, (code, message) -> answers.add(code == null ? "done" : code.wire()));
        hub(new Message.Ack(((Message.Own) sent.get(sent.size() - 1)).seq(), null));
        session.own("#nope", "request", null, (code, message) -> answers.add(code.wire()));
        session.own("#x", "request", null, (code, message) -> answers.add(code.wire()));
        session.closed(); // the hub never answered: the caller is told, not left waiting
        assertEquals(List.of("not_owner", "done", "not_entangled", "not_joined"), answers);
        assertTrue(!events.contains("error not_owner"), "an ownership refusal goes to its caller only");
        hub(new Message.OwnershipRequest("#x", "carol"));
        assertTrue(events.contains("requested by carol"));
    }

    @Test
    void peersArePassedOnToThePage() {
        hub(new Message.Peer("present", "bob", List.of("red")));
        hub(new Message.Peer("left", "bob", null));
        assertEquals(List.of("present bob [red]", "left bob []"), events);
    }

    @Test
    void changesMadeInOneTaskGoOutAsOneFrameAndTheirAnswersComeBackTogether() {
        List<Runnable> tasks = new ArrayList<>();
        session.coalesceFrames(tasks::add);
        for (String id : List.of("#a", "#b", "#c")) {
            session.entangle(id, options(AttributeFilter.ALL, Transform.IDENTITY, 0, false), element);
        }
        sent.clear();
        for (String id : List.of("#a", "#b", "#c")) {
            session.localChange(id, MutationKind.PROPERTY, "value", "0", "5");
        }
        assertEquals(List.of(), sent, "nothing until the task is done");
        assertEquals(1, tasks.size(), "one flush for the lot");
        tasks.get(0).run();
        Message.MutationBatch batch = (Message.MutationBatch) sent.get(0);
        assertEquals(List.of("#a", "#b", "#c"), batch.items().stream().map(m -> m.vector().selector()).toList());
        assertEquals(3, session.pending());
        List<Message.Ack> acks = new ArrayList<>();
        for (Message.Mutation m : batch.items()) {
            acks.add(new Message.Ack(m.vector().seq(), 1L));
        }
        hub(new Message.Acks(acks));
        assertEquals(0, session.pending());
        hub(new Message.MutationBatch(List.of(new Message.Mutation(new MutationVector("#a", MutationKind.PROPERTY,
                "value", null, "6", "bob", 1, 1), 2L), new Message.Mutation(new MutationVector("#c",
                MutationKind.PROPERTY, "value", null, "7", "bob", 2, 1), 2L))));
        assertEquals(List.of("6", "7"), applied.stream().map(MutationVector::newValue).toList());
    }

    @Test
    void aQueuedFrameThatMissedTheConnectionGoesOutOnTheNextOne() {
        List<Runnable> tasks = new ArrayList<>();
        session.coalesceFrames(tasks::add);
        session.entangle("#a", options(AttributeFilter.ALL, Transform.IDENTITY, 0, false), element);
        session.localChange("#a", MutationKind.PROPERTY, "value", "0", "5");
        session.closed();
        tasks.get(0).run();
        sent.clear();
        session.opened();
        tasks.get(tasks.size() - 1).run();
        assertEquals("5", mutationsSent().get(0).vector().newValue());
    }
}
