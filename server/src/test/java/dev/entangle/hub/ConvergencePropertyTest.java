package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.session.BindingListener;
import dev.entangle.core.session.ClientSession;
import dev.entangle.core.session.Outbox;
import dev.entangle.core.session.SessionListener;
import dev.entangle.core.session.TextListener;
import dev.entangle.core.ot.TextOperation;
import dev.entangle.hub.session.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real client sessions against the real hub logic, with every frame delivered in a random order
 * (per-connection FIFO, as a WebSocket keeps it), concurrent changes to bound values and to a
 * shared text, and connections that drop and come back; two of the windows send the changes of
 * one task as one {@code mutations} frame. Once everything is delivered, every
 * window shows the same values and the same text as the hub, and no typed character was lost or
 * applied twice.
 */
class ConvergencePropertyTest {
    private static final List<String> SELECTORS = List.of("#volume", "#muted");

    private final Hub hub = new Hub(new HubConfig());
    private long clock;
    private int connectionIds;
    private int nextChar = 0x4E00; // CJK ideographs: one per edit, so duplicates and losses show

    private final class Window {
        final String clientId;
        final Map<String, String> dom = new TreeMap<>();
        String text; // null until the hub sent the document
        ClientSession session;
        int pageLoads;
        Deque<String> up = new ArrayDeque<>();
        QueueOutlet down;
        Connection connection;
        Connection closedLate;
        /** Flushes of changes made "in one task", for the windows that send them as one frame. */
        final List<Runnable> tasks = new ArrayList<>();

        Window(String clientId) {
            this.clientId = clientId;
            load(null);
            connect();
        }

        /**
         * The page reloads: what its outbox held (saved as the page went away) is all that survives;
         * the element values and the text start again from the outbox and the hub.
         */
        void reload() {
            String saved = session.outboxState();
            if (connected()) {
                disconnect(true);
            }
            dom.clear();
            text = null;
            load(saved);
        }

        private void load(String saved) {
            pageLoads++;
            this.session = new ClientSession(clientId, "room", "page-" + pageLoads, frame -> up.add(frame), () -> ++clock,
                    new SessionListener() {
                        public void joined(long heartbeatMs) {
                        }

                        public void error(ErrorCode code, String message) {
                            throw new AssertionError(clientId + " got " + code + ": " + message);
                        }
                    });
            if (!clientId.equals("w0")) {
                session.coalesceFrames(tasks::add); // w1, w2 and late send batches; w0 one frame per change
            }
            session.useOutbox(new Outbox() {
                public String load() {
                    return saved;
                }

                public void changed() {
                }
            });
            for (String selector : SELECTORS) {
                session.entangle(selector, "*", Mode.BIDIRECTIONAL, new BindingListener() {
                    public void applyRemote(MutationVector vector) {
                        dom.put(vector.selector(), vector.newValue());
                    }

                    public void ready() {
                    }

                    public void refused(ErrorCode code, String message) {
                        throw new AssertionError(message);
                    }
                });
            }
            session.openText("notes", new TextListener() {
                public void reset(String whole) {
                    text = whole;
                }

                public void remote(TextOperation operation) {
                    text = operation.apply(text);
                }

                public void cursor(String source, int anchor, int head) {
                }

                public int[] selection() {
                    return new int[] {0, 0};
                }

                public String text() {
                    return text;
                }

                public void refused(ErrorCode code, String message) {
                    throw new AssertionError(message);
                }
            });
        }

        /** Types a character no one else ever types, or deletes one, at a random place. */
        void edit(Random random, boolean deletes) {
            if (text == null) {
                return;
            }
            int length = text.codePointCount(0, text.length());
            TextOperation op;
            if (deletes && length > 0 && random.nextInt(3) == 0) {
                op = TextOperation.splice(length, random.nextInt(length), 1, "");
            } else {
                op = TextOperation.splice(length, random.nextInt(length + 1), 0, new String(Character.toChars(nextChar++)));
            }
            text = op.apply(text);
            session.textEdit("notes", op);
        }

        boolean connected() {
            return connection != null;
        }

        void connect() {
            down = new QueueOutlet();
            up = new ArrayDeque<>();
            connection = new Connection("c" + (++connectionIds), down);
            hub.opened(connection);
            session.opened();
            if (closedLate != null) {
                hub.closed(closedLate); // the old socket's close is noticed only after the new one joined
                closedLate = null;
            }
        }

        void disconnect(boolean hubNoticesAtOnce) {
            up.clear();
            down.frames.clear();
            if (hubNoticesAtOnce) {
                hub.closed(connection);
            } else {
                closedLate = connection;
            }
            connection = null;
            session.closed();
        }

        void change(String selector, String value) {
            dom.put(selector, value);
            session.localChange(selector, MutationKind.PROPERTY, "value", null, value);
        }

        /** The page's current task ends: queued changes go out. */
        boolean runTasks() {
            List<Runnable> due = List.copyOf(tasks);
            tasks.clear();
            due.forEach(Runnable::run);
            return !due.isEmpty();
        }

        boolean deliverUp() {
            if (!connected() || up.isEmpty()) {
                return false;
            }
            hub.received(connection, up.poll());
            return true;
        }

        boolean deliverDown() {
            if (!connected() || down.frames.isEmpty()) {
                return false;
            }
            session.receive(down.frames.poll());
            return true;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99_999, 7_777_777, 31_337})
    void everyWindowEndsWithTheSameValuesAndText(long seed) {
        Random random = new Random(seed);
        boolean deletes = seed % 2 == 0;
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            windows.add(new Window("w" + i));
        }
        for (int step = 0; step < 3_000; step++) {
            Window w = windows.get(random.nextInt(windows.size()));
            int action = random.nextInt(100);
            if (action < 15) {
                w.change(SELECTORS.get(random.nextInt(SELECTORS.size())), "v" + step);
            } else if (action < 30) {
                w.edit(random, deletes);
            } else if (action < 36) {
                w.runTasks();
            } else if (action < 62) {
                w.deliverUp();
            } else if (action < 94) {
                w.deliverDown();
            } else if (action == 99) {
                w.reload();
            } else if (action < 97 && w.connected()) {
                w.disconnect(random.nextBoolean());
            } else if (!w.connected()) {
                w.connect();
            }
        }
        for (Window w : windows) {
            if (!w.connected()) {
                w.connect();
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Window w : windows) {
                moved |= w.runTasks() | w.deliverUp() | w.deliverDown();
            }
        }
        Window late = new Window("late");
        while (late.runTasks() | late.deliverUp() | late.deliverDown()) {
            // a window opened afterwards catches up from the hub's latest values
        }
        String typed = late.text;
        if (deletes) {
            assertEquals(typed.length(), typed.codePoints().distinct().count(), "seed " + seed + ": nothing applied twice");
        } else {
            assertEquals(nextChar - 0x4E00, typed.codePoints().distinct().count(),
                    "seed " + seed + ": every typed character arrived");
            assertEquals(typed.codePointCount(0, typed.length()), typed.codePoints().distinct().count(),
                    "seed " + seed + ": nothing applied twice");
        }
        for (Window w : windows) {
            assertEquals(late.text, w.text, "seed " + seed + ": " + w.clientId + "'s text diverged");
            assertEquals(late.dom, w.dom, "seed " + seed + ": " + w.clientId + " diverged");
            assertEquals(0, w.session.pending(), "seed " + seed + ": " + w.clientId + " still has unacknowledged changes");
        }
    }
}
