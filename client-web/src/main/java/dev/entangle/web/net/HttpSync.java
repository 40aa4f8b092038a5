package dev.entangle.web.net;

import dev.entangle.core.failover.HubRotation;
import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import dev.entangle.core.json.JsonObject;
import dev.entangle.core.protocol.SyncCodec;
import dev.entangle.core.protocol.ProtocolException;
import dev.entangle.core.sync.OperationResult;
import dev.entangle.core.sync.PushedOperation;
import dev.entangle.core.time.Backoff;
import dev.entangle.web.json.BrowserJson;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;

/**
 * Sync over plain HTTP for pages without a WebSocket: {@code POST /sync/operations} for pushes,
 * {@code POST /sync/state} for pulls, and the server-sent-events stream {@code GET /sync/events}
 * for the room's changes, reopened (with backoff) from the version held whenever it fails. Given
 * several hubs, each reopening goes to the next one ({@link HubRotation}), and pushes and pulls
 * follow the stream to whichever hub it is on.
 */
public final class HttpSync implements SyncLink {
    private final HubRotation hubs;
    private final String room;
    private final Supplier<String> token;
    private final Supplier<String> replicaId;
    private final LongSupplier stateVersion;
    private final List<String> types;
    private final Events events;
    private JSObject stream;
    private int reopenTimer = -1;
    private boolean open;
    private boolean stopped;

    /** {@code hubUrls}: the hubs' WebSocket URLs; their HTTP endpoints are on the same hosts. */
    public HttpSync(List<String> hubUrls, String room, Supplier<String> token, Supplier<String> replicaId,
            LongSupplier stateVersion, List<String> types, Events events) {
        this.hubs = new HubRotation(hubUrls, new Backoff(250, 10_000), Math.random());
        this.room = room;
        this.token = token;
        this.replicaId = replicaId;
        this.stateVersion = stateVersion;
        this.types = types;
        this.events = events;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String url() {
        return base();
    }

    /** Where the HTTP endpoints of the hub in use are: {@code http://host:port}. */
    private String base() {
        return SyncHttp.httpBase(hubs.current());
    }

    @Override
    public void start() {
        openStream();
    }

    @Override
    public void stop() {
        stopped = true;
        if (reopenTimer >= 0) {
            Window.clearTimeout(reopenTimer);
        }
        if (stream != null) {
            SyncHttp.closeStream(stream);
            stream = null;
        }
    }

    private void openStream() {
        if (stopped) {
            return;
        }
        StringBuilder url = new StringBuilder(base()).append("/sync/events?room=").append(SyncHttp.encode(room))
                .append("&clientId=").append(SyncHttp.encode(replicaId.get()))
                .append("&stateVersion=").append(stateVersion.getAsLong());
        if (types != null) {
            url.append("&types=").append(SyncHttp.encode(String.join(",", types)));
        }
        String t = token.get();
        if (t != null) {
            url.append("&token=").append(SyncHttp.encode(t));
        }
        stream = SyncHttp.openStream(url.toString(), this::streamEvent, this::streamState);
    }

    private void streamState(boolean nowOpen) {
        if (nowOpen) {
            hubs.opened();
            if (!open) {
                open = true;
                events.online();
            }
            return;
        }
        // EventSource would reconnect from the version it was opened with; reopen from the one held.
        if (stream != null) {
            SyncHttp.closeStream(stream);
            stream = null;
        }
        if (open) {
            open = false;
            events.offline();
        }
        if (!stopped) {
            reopenTimer = Window.setTimeout(() -> {
                reopenTimer = -1;
                openStream();
            }, (int) hubs.failed(Math.random()));
        }
    }

    private void streamEvent(String type, String data) {
        try {
            JsonObject message = Json.parseObject(data, BrowserJson.ENGINE);
            // Not a switch on the string: see CoreKinds.readHubKind.
            if (type.equals("state_changed")) {
                events.delta(SyncCodec.decodeDelta(message));
            } else if (type.equals("operation_confirmed")) {
                events.verdict(SyncCodec.decodeResult(message));
            } else if (type.equals("client_connected") || type.equals("client_disconnected")) {
                events.presence(message.string("clientId"), type.equals("client_connected"));
            } else {
                events.refused(message.string("code"), message.string("message"));
            }
        } catch (JsonException | ProtocolException e) {
            // a newer hub's event this client does not read: skip it
        }
    }

    @Override
    public void push(List<PushedOperation> batch, Consumer<List<OperationResult>> answered, Consumer<String> failed) {
        String body = JsonObject.builder().put("room", room).put("operations", SyncCodec.encodeOperations(batch))
                .write(BrowserJson.ENGINE);
        SyncHttp.post(base() + "/sync/operations", body, token.get(), (status, text) -> {
            if (status != 200) {
                failed.accept(status == 0 ? text : "HTTP " + status + ": " + text);
                return;
            }
            try {
                List<OperationResult> results = new ArrayList<>();
                for (Object raw : Json.parseObject(text, BrowserJson.ENGINE).array("results")) {
                    results.add(SyncCodec.decodeResult(JsonObject.from(raw)));
                }
                answered.accept(results);
            } catch (JsonException | ProtocolException e) {
                failed.accept("an unreadable answer: " + e.getMessage());
            }
        });
    }

    @Override
    public void pull(long from) {
        JsonObject.Builder request = JsonObject.builder().put("room", room).put("clientId", replicaId.get())
                .put("stateVersion", from).put("types", types);
        SyncHttp.post(base() + "/sync/state", request.write(BrowserJson.ENGINE), token.get(), (status, text) -> {
            if (status == 200) {
                try {
                    events.delta(SyncCodec.decodeDelta(Json.parseObject(text, BrowserJson.ENGINE)));
                    return;
                } catch (JsonException | ProtocolException e) {
                    // fall through: pull again
                }
            }
            if (!stopped) {
                Window.setTimeout(() -> pull(from), 1_000);
            }
        });
    }
}
