package dev.entangle.core.session;

import dev.entangle.core.mutation.AttributeFilter;
import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.Target;
import dev.entangle.core.mutation.Transform;

/**
 * How one binding behaves. The hub is told {@code to}, {@code mode}, the filter, {@code owned} and
 * {@code persistent}; the transform and the batching window stay in this client.
 *
 * @param batchMillis consecutive local changes to one value within this window go out as one (the
 *     first at once, the newest when the window closes); 0 sends every change
 */
public record BindingOptions(Target to, Mode mode, AttributeFilter filter, Transform transform, int batchMillis,
        boolean owned, boolean persistent) {

    /** The default batching window: a drag sends at most about 60 changes per second. */
    public static final int DEFAULT_BATCH_MILLIS = 16;

    public BindingOptions {
        if (batchMillis < 0 || batchMillis > 10_000) {
            throw new IllegalArgumentException("batch window must be 0 to 10000 ms, got " + batchMillis);
        }
    }

    /** Bound to {@code to} in {@code mode}, with every attribute, no transform, no batching. */
    public static BindingOptions of(String to, Mode mode) {
        return new BindingOptions(Target.parse(to), mode, AttributeFilter.ALL, Transform.IDENTITY, 0, false, false);
    }
}
