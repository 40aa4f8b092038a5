package dev.entangle.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub serves the client packaged with it (and, with --demo, the demo site) without any --static folder. */
class BundledFilesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private EntangleHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.stop();
        }
    }

    private void start(Consumer<HubConfig> more) {
        hub = EntangleHub.create(config -> {
            config.port = 0;
            more.accept(config);
        }).start();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void everyBuildOfTheClientIsServedWithTheTypeABrowserRequires() throws Exception {
        start(config -> { });
        assertServed("/entangle.js", "text/javascript");
        assertServed("/entangle.mjs", "text/javascript");
        assertServed("/entangle-wasm.js", "text/javascript");
        assertServed("/entangle-wasm.mjs", "text/javascript");
        assertServed("/entangle-devtools.mjs", "text/javascript"); // the panel, loaded from beside the client
        assertServed("/index.d.ts", "application/typescript");
        HttpResponse<byte[]> wasm = assertServed("/entangle.wasm", "application/wasm");
        byte[] body = wasm.body();
        assertTrue(body[0] == 0 && body[1] == 'a' && body[2] == 's' && body[3] == 'm', "a WebAssembly module");
    }

    @Test
    void anUnchangedFileIsRevalidatedWithoutItsBody() throws Exception {
        start(config -> { });
        HttpResponse<byte[]> first = get("/entangle.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElseThrow());
        HttpResponse<byte[]> again = get("/entangle.js", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(200, get("/entangle.js", "If-None-Match", "\"something-else\"").statusCode());
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
                + "/entangle.wasm")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals("application/wasm", head.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void aPageOfAnyOriginMayLoadTheClientButNotTheDemoSite() throws Exception {
        start(config -> config.serveDemo = true);
        // A page served elsewhere loads the client from its hub, like from a CDN; the Wasm module
        // and the devtools panel are fetched with CORS, so without this header they would fail.
        for (String path : new String[] {"/entangle.js", "/entangle.wasm", "/entangle-devtools.mjs", "/entangle-wasm.mjs"}) {
            HttpResponse<byte[]> response = get(path, "Origin", "http://app.example");
            assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""), path);
            assertEquals("cross-origin", response.headers().firstValue("Cross-Origin-Resource-Policy").orElse(""), path);
        }
        // The demo site is the hub's own pages: nothing to share with other origins.
        HttpResponse<byte[]> page = get("/todo.html", "Origin", "http://app.example");
        assertEquals(200, page.statusCode());
        assertEquals("", page.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void theDemoSiteIsServedOnlyWhenAskedFor() throws Exception {
        start(config -> { });
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/todo.html").statusCode());
        hub.stop();
        start(config -> config.serveDemo = true);
        HttpResponse<byte[]> index = get("/");
        assertEquals(200, index.statusCode());
        assertTrue(new String(index.body(), StandardCharsets.UTF_8).contains("<title>Entangle"));
        assertServed("/todo.html", "text/html");
        assertServed("/demo.css", "text/css");
        assertServed("/loader.js", "text/javascript");
        // The demo-site module's own build files sit beside its pages but are not packaged as pages.
        assertEquals(404, get("/pom.xml").statusCode());
        assertEquals(404, get("/src/main/java/dev/entangle/demo/TodoMutators.java").statusCode());
        assertEquals(404, get("/files.txt").statusCode());
    }

    @Test
    void aSitesOwnFileWinsOverThePackagedOne(@TempDir Path site) throws Exception {
        Files.writeString(site.resolve("index.html"), "<p>my own page</p>");
        start(config -> {
            config.serveDemo = true;
            config.serve(site);
        });
        assertEquals("<p>my own page</p>", new String(get("/index.html").body(), StandardCharsets.UTF_8));
        assertServed("/entangle.js", "text/javascript");
    }

    @Test
    void theClientCanBeLeftOut() throws Exception {
        start(config -> config.serveClient = false);
        assertEquals(404, get("/entangle.js").statusCode());
    }

    private HttpResponse<byte[]> assertServed(String path, String contentType) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertEquals(200, response.statusCode(), path);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith(contentType), path + " served as " + type);
        assertTrue(response.body().length > 0, path + " is empty");
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
        return response;
    }
}
