package dev.entangle.hub.backplane;

/** The one-node backplane: a publication is delivered here at once, on the publishing thread, in order. */
public final class LocalBackplane implements Backplane {
    private volatile Receiver receiver = publication -> {
    };

    @Override
    public void start(Receiver receiver, String logEpoch) {
        this.receiver = receiver;
    }

    @Override
    public void publish(Publication publication) {
        receiver.deliver(publication);
    }
}
