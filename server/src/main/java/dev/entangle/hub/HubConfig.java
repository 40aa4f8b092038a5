package dev.entangle.hub;

import dev.entangle.hub.store.EventLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Settings of one hub, filled in by the lambda given to {@link EntangleHub#create}. */
public final class HubConfig {
    /** Address to bind; the default keeps a development hub off the network. */
    public String host = "127.0.0.1";
    /** Port to listen on; 0 picks a free one ({@link EntangleHub#port()} tells which). */
    public int port = 7070;
    /** Folders served as static files at {@code /} (the demo site, the built client bundle). */
    public final List<Path> staticDirectories = new ArrayList<>();
    /** How often clients must ping; a connection silent for three intervals is closed. */
    public long heartbeatMillis = 15_000;
    /** Largest frame the hub reads; a larger one gets a {@code frame_too_large} error. */
    public int maxFrameBytes = 64 * 1024;
    /** Frames queued for one slow client before the hub disconnects it rather than grow its memory. */
    public int maxQueuedFrames = 1_024;
    /**
     * Where the event log lives ({@code entangle.db}, SQLite): every accepted change is written
     * there before it is acknowledged, and a hub started on the same directory carries on where the
     * last one stopped. Null keeps events in memory only (tests, throwaway hubs); the command line
     * defaults to {@code entangle-data}.
     */
    public Path dataDirectory;
    /**
     * A room is snapshotted every this many events: its earlier events leave the log, so restart
     * time stays bounded, and each document keeps this many recent operations in memory for
     * clients catching up (one further behind gets the document's text instead).
     */
    public int snapshotEvery = 10_000;
    /** An event log of the application's own (another engine); when set, {@link #dataDirectory} is not used. */
    public EventLog eventLog;

    public HubConfig serve(Path directory) {
        staticDirectories.add(directory);
        return this;
    }

    void validate() {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (heartbeatMillis < 100) {
            throw new IllegalArgumentException("heartbeatMillis must be at least 100, got " + heartbeatMillis);
        }
        if (maxFrameBytes < 1_024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, got " + maxFrameBytes);
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be at least 1, got " + snapshotEvery);
        }
        if (maxQueuedFrames < 16) {
            throw new IllegalArgumentException("maxQueuedFrames must be at least 16, got " + maxQueuedFrames);
        }
    }
}
