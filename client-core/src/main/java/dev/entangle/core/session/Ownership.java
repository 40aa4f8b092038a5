package dev.entangle.core.session;

import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.protocol.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ownership tokens of bound elements (one writer at a time): the requests, releases and transfers
 * this client asked for and is waiting to hear about, and the hub's news of who holds a token or
 * asks for it, handed to the element's binding. The hub decides; nothing is resent after a drop.
 */
final class Ownership {

    /** An ownership action of ours the hub has not answered yet. */
    private record Asked(String selector, ClientSession.OwnAnswer answer) {
    }

    private final Wire wire;
    private final BoundValues values;
    private final Map<Long, Asked> inFlight = new LinkedHashMap<>();

    Ownership(Wire wire, BoundValues values) {
        this.wire = wire;
        this.values = values;
    }

    /** See {@link ClientSession#own}. */
    void ask(String selector, String action, String to, ClientSession.OwnAnswer answer) {
        if (!values.isEntangled(selector)) {
            answer.answered(ErrorCode.NOT_ENTANGLED, "'" + selector + "' is not entangled in this client");
            return;
        }
        if (!wire.isOpen()) {
            answer.answered(ErrorCode.NOT_JOINED, "not connected to the hub; ownership is decided there");
            return;
        }
        long seq = wire.nextSeq();
        inFlight.put(seq, new Asked(selector, answer));
        wire.send(new Message.Own(seq, selector, action, to));
    }

    /** The hub acknowledged {@code seq}: true when it was an ownership action of ours (done). */
    boolean answered(long seq) {
        Asked asked = inFlight.remove(seq);
        if (asked == null) {
            return false;
        }
        asked.answer().answered(null, null);
        return true;
    }

    /** The hub refused {@code seq}: true when it was an ownership action of ours (its caller hears why). */
    boolean refused(long seq, ErrorCode code, String message) {
        Asked asked = inFlight.remove(seq);
        if (asked == null) {
            return false;
        }
        asked.answer().answered(code, message);
        return true;
    }

    /** The connection dropped: every action still unanswered is answered as not done. */
    void connectionLost() {
        List<Asked> unanswered = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (Asked asked : unanswered) {
            // Not resent: whether the hub acted on it shows in the ownership it announces on reconnect.
            asked.answer().answered(ErrorCode.NOT_JOINED, "the connection dropped before the hub answered; ask again");
        }
    }

    /** The hub announced who holds the token of a bound element now. */
    void changed(Message.Ownership ownership) {
        BindingListener listener = values.listenerOf(ownership.selector());
        if (listener != null) {
            listener.ownershipChanged(ownership.owner(), ownership.previous());
        }
    }

    /** Another client asks the holder (us) for the token of a bound element. */
    void requested(Message.OwnershipRequest request) {
        BindingListener listener = values.listenerOf(request.selector());
        if (listener != null) {
            listener.ownershipRequested(request.from());
        }
    }
}
