package dev.entangle.core.protocol;

import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;

/**
 * The frames of one family of message kinds beyond the core protocol's (bindings, ownership,
 * text, errors, presence, chat, activity), given to {@link MessageCodec} by whoever reads them.
 * The named operations' family ({@link SyncCodec#FAMILY}) stays out of a page client's
 * connection, which never carries it, so a browser bundle without named operations holds none
 * of their codec.
 */
public interface MessageFamily {

    /** The message in a frame of {@code type}, or null when {@code type} is not one of this family's kinds. */
    Message decode(String type, JsonObject in) throws ProtocolException, JsonException;

    /** Writes the fields of {@code message} but its type into {@code out}; false when it is not one of this family's. */
    boolean encode(Message message, JsonObject.Builder out);

    /** No family beyond the core protocol's. */
    MessageFamily NONE = new MessageFamily() {
        @Override
        public Message decode(String type, JsonObject in) {
            return null;
        }

        @Override
        public boolean encode(Message message, JsonObject.Builder out) {
            return false;
        }
    };
}
