package dev.entangle.hub;

import dev.entangle.core.protocol.ErrorCode;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * {@code GET /metrics} in the Prometheus text format: the same figures as {@code /stats}, read at
 * scrape time from the hub's counters, plus the event log's append latency as a histogram. One
 * registry per hub, so several hubs in one JVM (tests) keep their own.
 */
final class HubMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    HubMetrics(Hub hub) {
        HubStats stats = hub.stats();
        gauge("entangle_connections", "Open WebSocket connections", () -> hub.connections().size());
        gauge("entangle_rooms", "Rooms with state or members", hub::roomCount);
        gauge("entangle_documents", "Text documents", () -> hub.documents().size());
        gauge("entangle_entanglements", "Bindings of elements to peers", hub::entanglementCount);
        gauge("entangle_event_log_events", "Events held by the event log (snapshots replace older ones)",
                () -> hub.events().size());
        gauge("entangle_room_queued_changes", "Changes waiting in the rooms' pipelines for the next round",
                hub::queuedChanges);
        counter("entangle_messages_received", "Frames received from clients", stats::messagesIn);
        counter("entangle_messages_sent", "Frames sent to clients", stats::messagesOut);
        counter("entangle_received_bytes", "Bytes received from clients (UTF-8)", stats::bytesIn);
        counter("entangle_sent_bytes", "Bytes sent to clients (UTF-8)", stats::bytesOut);
        counter("entangle_ephemeral_relayed", "Ephemeral frames (cursors, typing, presence) handed to receivers",
                stats::ephemeralRelayed);
        counter("entangle_ephemeral_dropped",
                "Ephemeral frames dropped: over the sender's rate, or superseded at a receiver that was behind",
                stats::ephemeralDroppedCount);
        counter("entangle_reconnect_resumes", "Documents reopened from a revision the client had (no snapshot needed)",
                stats::resumes);
        CounterWithCallback.builder()
                .name("entangle_rejected")
                .help("Frames refused, by error code")
                .labelNames("code")
                .callback(callback -> {
                    for (ErrorCode code : ErrorCode.values()) {
                        callback.call(stats.rejected(code), code.wire());
                    }
                })
                .register(registry);
        registry.register(stats.appendLatency());
        registry.register(stats.commitLatency());
        registry.register(stats.commitEvents());
        registry.register(stats.backplaneLag());
        GaugeWithCallback.builder()
                .name("entangle_node_connections")
                .help("Open WebSocket connections of this node, labelled with its id (several nodes: one series each)")
                .labelNames("node")
                .callback(callback -> callback.call(hub.connections().size(), hub.node()))
                .register(registry);
    }

    String contentType() {
        return writer.getContentType();
    }

    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void gauge(String name, String help, LongSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong()))
                .register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong()))
                .register(registry);
    }
}
