package dev.entangle.hub;

import java.net.InetSocketAddress;
import java.net.Socket;

/** Redis on this machine for the backplane's tests (never a stand-in): skipped where it is not, failing under CI=true. */
public final class RealRedis {
    private RealRedis() {
    }

    public static final String REDIS_HOST = "127.0.0.1";
    public static final int REDIS_PORT = 6379;

    /** The Redis URI, once it answers on 127.0.0.1:6379 (else the test is skipped, or fails on CI). */
    public static String redisOrSkip() {
        RequiredService.require("Redis", REDIS_HOST + ":" + REDIS_PORT,
                "start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379)", () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(REDIS_HOST, REDIS_PORT), 1_000);
                    }
                });
        return "redis://" + REDIS_HOST + ":" + REDIS_PORT;
    }
}
