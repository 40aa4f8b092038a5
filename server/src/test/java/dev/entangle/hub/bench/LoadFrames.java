package dev.entangle.hub.bench;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.Message;
import dev.entangle.core.protocol.MessageCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of docs/PROTOCOL.md the load generator sends (written by client-core's codec, as a
 * page's are) and the few fields it reads back. Reading scans the text instead of parsing it: the
 * load generator shares the cores with the hub, and at 100 clients it reads half a million frames a
 * second; the hub writes keys in the documented order, and relayed frames are the sender's own.
 */
final class LoadFrames {
    static final String SELECTOR = "#v";
    private static final String NEW_VALUE = "\"newValue\":\"";
    private static final String SEQ = "\"seq\":";

    private LoadFrames() {
    }

    static String hello(String clientId, String room) {
        return MessageCodec.encode(new Message.Hello(clientId, room, null));
    }

    /** Seq 1: everyone in the room, both ways. */
    static String entangleEveryone(String selector) {
        return MessageCodec.encode(new Message.Entangle(1, selector, "*", Mode.BIDIRECTIONAL));
    }

    /**
     * A value change whose new value says who sent it, its number among that sender's changes and
     * when it was meant to leave ({@code System.nanoTime()} of the load process, where every
     * receiver reads the same clock): {@code "sender.number.nanos"}.
     */
    static String change(String selector, String clientId, long seq, int sender, long number, long sendNanos) {
        String value = sender + "." + number + "." + sendNanos;
        return MessageCodec.encode(new Message.Mutation(new MutationVector(selector, MutationKind.PROPERTY, "value",
                null, value, clientId, seq, System.currentTimeMillis()), null));
    }

    static String ping() {
        return MessageCodec.encode(new Message.Ping(System.currentTimeMillis()));
    }

    static boolean is(String frame, String type) {
        return frame.startsWith("{\"type\":\"" + type + "\"");
    }

    /**
     * The values of the changes a {@code mutation} or {@code mutations} frame carries, each as
     * {sender, number, nanos}; values that are none of ours are left out.
     */
    static List<long[]> changeValues(String frame) {
        List<long[]> values = new ArrayList<>(1);
        for (int at = frame.indexOf(NEW_VALUE); at >= 0; at = frame.indexOf(NEW_VALUE, at + 1)) {
            long[] value = changeValue(frame, at);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** The value whose {@code newValue} key starts at {@code at}, or null when it is none of ours. */
    private static long[] changeValue(String frame, int at) {
        int start = at + NEW_VALUE.length();
        int first = frame.indexOf('.', start);
        int second = first < 0 ? -1 : frame.indexOf('.', first + 1);
        int end = second < 0 ? -1 : frame.indexOf('"', second + 1);
        if (end < 0) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(frame, start, first, 10), Long.parseLong(frame, first + 1, second, 10),
                    Long.parseLong(frame, second + 1, end, 10)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The {@code seq} an ack or error answers, or -1. */
    static long seq(String frame) {
        int at = frame.indexOf(SEQ);
        if (at < 0) {
            return -1;
        }
        int start = at + SEQ.length();
        int end = start;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        return end == start ? -1 : Long.parseLong(frame, start, end, 10);
    }
}
