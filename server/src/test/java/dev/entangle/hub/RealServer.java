package dev.entangle.hub;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The real servers some tests need (Redis, PostgreSQL on this machine: never a stand-in). Where one
 * is not reachable the test is skipped with a message saying so — except under {@code CI=true},
 * where CI has them and a missing one is a failure.
 */
final class RealServer {
    private RealServer() {
    }

    static final String REDIS_HOST = "127.0.0.1";
    static final int REDIS_PORT = 6379;

    /** Skips (or, under CI, fails) unless Redis answers on 127.0.0.1:6379. */
    static String redisOrSkip() {
        require("Redis", REDIS_HOST, REDIS_PORT);
        return "redis://" + REDIS_HOST + ":" + REDIS_PORT;
    }

    private static void require(String what, String host, int port) {
        boolean reachable;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            reachable = true;
        } catch (IOException e) {
            reachable = false;
        }
        String message = what + " is not reachable on " + host + ":" + port;
        if (!reachable && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + ", and CI=true: CI has it, so this is a failure");
        }
        assumeTrue(reachable, message + ": skipping the tests that need it");
    }
}
