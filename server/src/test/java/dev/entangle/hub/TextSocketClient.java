package dev.entangle.hub;

import dev.entangle.core.ot.TextOperation;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.session.ClientSession;
import dev.entangle.core.session.SessionListener;
import dev.entangle.core.session.TextListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * A JVM client following one text document through the real client session (the same state
 * machine and resume rules as the browser's), over a real WebSocket: for tests that restart the
 * hub under it. Every call into the session holds this object's lock, as the session is not
 * thread-safe and socket callbacks come from the HTTP client's threads.
 */
final class TextSocketClient implements SessionListener, TextListener, AutoCloseable {
    private final ClientSession session;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String doc;
    private WebSocket socket;
    private boolean deaf; // frames from the hub are dropped, as if the network lost them
    private String text = "";
    private boolean joined;
    private boolean shown; // the hub sent the document's text: edits can be made
    private ErrorCode lastError;

    TextSocketClient(String clientId, String room, String doc) {
        this.doc = doc;
        this.session = new ClientSession(clientId, room, clientId + "-page", this::send, System::currentTimeMillis,
                this);
        session.openText(doc, this);
    }

    /** Connects (or reconnects) to {@code url}; the session says hello and re-opens the document. */
    void connect(String url) {
        WebSocket opened = http.newWebSocketBuilder().buildAsync(URI.create(url), new Listener()).join();
        synchronized (this) {
            socket = opened;
            deaf = false;
            joined = false;
            session.opened();
        }
    }

    /** Connects, retrying for up to {@code millis} while the hub is not listening yet. */
    void connectWithin(String url, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try {
                connect(url);
                return;
            } catch (RuntimeException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    /** From now on, frames from the hub are lost: what is in flight stays unacknowledged. */
    synchronized void stopHearing() {
        deaf = true;
    }

    /** The connection drops (as a network cut does), without a close handshake. */
    void drop() {
        WebSocket current;
        synchronized (this) {
            current = socket;
            socket = null;
            joined = false;
            if (current != null) {
                session.closed();
            }
        }
        if (current != null) {
            current.abort();
        }
    }

    /** Types {@code piece} at the end of the text, as a person at the keyboard does. */
    synchronized void type(String piece) {
        int length = text.codePointCount(0, text.length());
        text = text + piece;
        session.textEdit(doc, TextOperation.splice(length, length, 0, piece));
    }

    @Override
    public synchronized String text() {
        return text;
    }

    synchronized int pending() {
        return session.pending();
    }

    synchronized boolean isShown() {
        return shown;
    }

    synchronized boolean isJoined() {
        return joined;
    }

    synchronized ErrorCode lastError() {
        return lastError;
    }

    /** Waits until {@code condition} holds (checked under the lock), failing after {@code millis}. */
    void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            synchronized (this) {
                if (condition.getAsBoolean()) {
                    return;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                synchronized (this) {
                    throw new AssertionError("not " + what + " within " + millis + " ms: text '" + text + "', pending "
                            + session.pending() + ", joined " + joined + ", last error " + lastError);
                }
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        drop();
    }

    private void send(String frame) {
        WebSocket current = socket; // called under the lock, from the session
        if (current != null && !current.isOutputClosed()) {
            try {
                current.sendText(frame, true).join(); // one send at a time: the JDK's WebSocket allows no more
            } catch (RuntimeException lost) {
                // The connection is going away: the session resends what matters on the next one.
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                synchronized (TextSocketClient.this) {
                    if (webSocket == socket && !deaf) {
                        session.receive(frame);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedBy(webSocket);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedBy(webSocket);
        }

        private void closedBy(WebSocket webSocket) {
            synchronized (TextSocketClient.this) {
                if (webSocket == socket) {
                    socket = null;
                    joined = false;
                    session.closed();
                }
            }
        }
    }

    // --- SessionListener ---

    @Override
    public void joined(long heartbeatMs) {
        joined = true;
    }

    @Override
    public void error(ErrorCode code, String message) {
        lastError = code;
    }

    // --- TextListener ---

    @Override
    public void reset(String whole) {
        text = whole;
        shown = true;
    }

    @Override
    public void remote(TextOperation operation) {
        text = operation.apply(text);
    }

    @Override
    public void cursor(String source, int anchor, int head) {
    }

    @Override
    public int[] selection() {
        return null;
    }

    @Override
    public void refused(ErrorCode code, String message) {
        lastError = code;
    }
}
