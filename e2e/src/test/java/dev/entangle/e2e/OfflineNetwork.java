package dev.entangle.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Route;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes a window's context offline: no HTTP (the browser's own offline mode) and no WebSocket
 * to the hub (Chromium's offline mode leaves WebSockets alone, so they are refused by a route).
 * Pages still load from the test's files, as they would from a service worker's cache.
 */
final class OfflineNetwork {
    private final AtomicBoolean offline = new AtomicBoolean();
    private final BrowserContext context;

    OfflineNetwork(BrowserContext context) {
        context.routeWebSocket("**/entangle", ws -> {
            if (offline.get()) {
                ws.close();
            } else {
                ws.connectToServer();
            }
        });
        context.route("**/*", route -> {
            if (offline.get()) {
                serveFromDisk(route);
            } else {
                route.resume();
            }
        });
        this.context = context;
    }

    void goOffline() {
        offline.set(true);
        context.setOffline(true);
    }

    void goOnline() {
        context.setOffline(false);
        offline.set(false);
    }

    private static void serveFromDisk(Route route) {
        String path = URI.create(route.request().url()).getPath();
        for (Path directory : BrowserHarness.servedDirectories()) {
            Path file = directory.resolve(path.substring(1)).normalize();
            if (file.startsWith(directory) && Files.isRegularFile(file)) {
                try {
                    route.fulfill(new Route.FulfillOptions().setBodyBytes(Files.readAllBytes(file))
                            .setContentType(contentType(file)));
                } catch (IOException e) {
                    route.abort();
                }
                return;
            }
        }
        route.abort("internetdisconnected");
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".wasm")) {
            return "application/wasm";
        }
        return name.endsWith(".js") || name.endsWith(".mjs") ? "text/javascript" : "application/octet-stream";
    }
}
