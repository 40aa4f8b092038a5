package dev.entangle.hub.testing;

import dev.entangle.hub.EntangleHub;
import dev.entangle.hub.HubConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-memory hub for JUnit 5 tests, on a free port of 127.0.0.1:
 *
 * <pre>{@code
 * @RegisterExtension
 * final EntangleTestHub hub = new EntangleTestHub()
 *         .configure(config -> config.mutator("addTodo", ...));
 *
 * @Test
 * void twoClientsAgree() {
 *     // connect clients to hub.url() ...
 *     hub.awaitValue("demo", "#volume", "42");
 * }
 * }</pre>
 *
 * As an instance field it starts a fresh hub before each test and stops it after; as a
 * {@code static} field one hub serves the whole class. Nothing is written to disk (no
 * {@code dataDirectory}). The {@code await*} helpers poll what the hub itself holds until it is
 * as expected, and fail with what they saw after {@link #timeout} (5 s unless changed).
 *
 * <p>JUnit 5 ({@code junit-jupiter-api}) is an optional dependency of the hub: the tests using this
 * class bring it, as they do anyway. {@link #start()} and {@link #stop()} also work without JUnit's
 * lifecycle (a {@code main}, another test framework).
 */
public final class EntangleTestHub implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final long POLL_MILLIS = 5;

    private final List<Consumer<HubConfig>> configurations = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(5);
    private EntangleHub hub;
    private boolean perClass;
    private long startMillis = -1;

    /**
     * Adds settings (mutators, entity rules, limits, a token secret...) applied, in order, to every
     * hub this extension starts. Host, port and {@code dataDirectory} are set by the test hub first
     * (127.0.0.1, a free port, in memory); a configuration may change them.
     */
    public EntangleTestHub configure(Consumer<HubConfig> configuration) {
        configurations.add(Objects.requireNonNull(configuration, "configuration"));
        return this;
    }

    /** How long the {@code await*} helpers wait before failing (default 5 s). */
    public EntangleTestHub timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /** Starts the hub (JUnit does this for a registered extension); throws when it is running already. */
    public EntangleTestHub start() {
        if (hub != null) {
            throw new IllegalStateException("the test hub is running already (on port " + hub.port() + ")");
        }
        long started = System.nanoTime();
        hub = EntangleHub.create(config -> {
            config.host = "127.0.0.1";
            config.port = 0;
            config.dataDirectory = null;
            for (Consumer<HubConfig> configuration : configurations) {
                configuration.accept(config);
            }
        }).start();
        startMillis = (System.nanoTime() - started) / 1_000_000;
        return this;
    }

    /** Stops the hub (JUnit does this for a registered extension); does nothing when it is not running. */
    public void stop() {
        if (hub != null) {
            EntangleHub stopping = hub;
            hub = null;
            stopping.stop();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true; // a static field: one hub for the class
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    /** The running hub, for anything the helpers here do not cover ({@code disconnect}, {@code statsJson}). */
    public EntangleHub hub() {
        if (hub == null) {
            throw new IllegalStateException("the test hub is not running: register it with @RegisterExtension,"
                    + " or call start()");
        }
        return hub;
    }

    public int port() {
        return hub().port();
    }

    /** The WebSocket URL clients connect to, {@code ws://127.0.0.1:<port>/entangle}. */
    public String url() {
        return "ws://127.0.0.1:" + port() + "/entangle";
    }

    /** The hub's HTTP root, {@code http://127.0.0.1:<port>} (sync endpoints, {@code /stats}, the bundled client). */
    public String httpUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** How long the last start took, in milliseconds (-1 before the first start). */
    public long startMillis() {
        return startMillis;
    }

    /** Waits until the bound value {@code selector} in {@code room} is {@code expected} (see {@link EntangleHub#value}). */
    public void awaitValue(String room, String selector, String expected) {
        await("room '" + room + "': value of " + selector, () -> hub().value(room, selector),
                value -> Objects.equals(value, expected), expected);
    }

    /** Waits until text document {@code doc} in {@code room} reads {@code expected}. */
    public void awaitText(String room, String doc, String expected) {
        await("room '" + room + "': text of document '" + doc + "'", () -> hub().text(room, doc),
                text -> Objects.equals(text, expected), expected);
    }

    /**
     * Waits until the entities of {@code type} in {@code room}'s synchronised state (id → entity, as
     * JSON maps) pass {@code condition}; returns them.
     */
    public Map<String, Object> awaitEntities(String room, String type, Predicate<Map<String, Object>> condition) {
        return await("room '" + room + "': entities of type '" + type + "'", () -> hub().entities(room, type),
                condition, "a state passing the condition");
    }

    /**
     * Waits until {@code probe} gives a value passing {@code condition}, and returns it; fails after
     * the timeout with {@code what}, the last value seen and {@code expected} in the message.
     */
    public <T> T await(String what, Supplier<T> probe, Predicate<? super T> condition, Object expected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = probe.get();
            if (condition.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " was " + describe(seen) + " after " + timeout.toMillis()
                        + " ms; expected " + describe(expected));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
