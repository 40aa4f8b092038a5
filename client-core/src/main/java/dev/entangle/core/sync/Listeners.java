package dev.entangle.core.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Subscribers to one kind of event; each subscription returns the function that ends it. */
final class Listeners<T> {
    private final List<Consumer<T>> listeners = new ArrayList<>();

    Runnable add(Consumer<T> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void emit(T event) {
        for (Consumer<T> listener : List.copyOf(listeners)) {
            listener.accept(event);
        }
    }
}
