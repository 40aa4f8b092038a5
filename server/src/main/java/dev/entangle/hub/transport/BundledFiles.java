package dev.entangle.hub.transport;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files packaged inside the hub's jar (the client bundle, the demo site), read once at start and
 * served from memory with their MIME type, a strong ETag and {@code Cache-Control: no-cache}: the
 * names carry no version, so a browser revalidates each time and gets a 304 while the file is the
 * same. Each packaged folder has a {@code files.txt} listing its files, written by the build.
 */
public final class BundledFiles {
    /** Where the client bundle sits on the classpath (client-web's {@code bundle} jar). */
    public static final String CLIENT = "META-INF/entangle/client";
    /** Where the demo site sits on the classpath (the demo-site module's jar, entangle-demo). */
    public static final String DEMO = "META-INF/entangle/demo";
    private static final String LISTING = "files.txt";

    /** One file ready to send. */
    public record File(String name, byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, File> files;

    private BundledFiles(Map<String, File> files) {
        this.files = files;
    }

    /**
     * The files listed in {@code folder/files.txt} on the classpath; none when the folder is not
     * packaged (a hub run from an IDE without the client built).
     */
    public static BundledFiles fromClasspath(String folder) {
        ClassLoader loader = BundledFiles.class.getClassLoader();
        Map<String, File> files = new LinkedHashMap<>();
        byte[] listing = read(loader, folder + "/" + LISTING);
        if (listing == null) {
            return new BundledFiles(files);
        }
        for (String line : new String(listing, StandardCharsets.UTF_8).split("\n")) {
            String name = line.strip().replace('\\', '/');
            if (name.isEmpty() || name.equals(LISTING)) {
                continue;
            }
            byte[] bytes = read(loader, folder + "/" + name);
            if (bytes == null) {
                throw new IllegalStateException(folder + "/" + LISTING + " lists " + name + ", which is not packaged");
            }
            files.put(name, new File(name, bytes, contentType(name), etag(bytes)));
        }
        return new BundledFiles(files);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The packaged file names, relative to the folder ({@code entangle.js}, {@code react/index.html}). */
    public Iterable<String> names() {
        return files.keySet();
    }

    public File file(String name) {
        return files.get(name);
    }

    /**
     * Answers a GET for {@code file}: 304 when the browser's copy is current, else the bytes.
     * {@code anyOrigin}: a page of any origin may load it (the client's files, which a page served
     * elsewhere loads from its hub like from a CDN: the Wasm module and the devtools panel are
     * fetched with CORS, unlike a classic script).
     */
    public static void serve(Context ctx, File file, boolean anyOrigin) {
        if (anyOrigin) {
            ctx.header("Access-Control-Allow-Origin", "*");
            ctx.header("Cross-Origin-Resource-Policy", "cross-origin");
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", file.etag());
        ctx.header("X-Content-Type-Options", "nosniff");
        String cached = ctx.header("If-None-Match");
        if (cached != null && matches(cached, file.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(file.contentType());
        ctx.result(file.bytes());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** The MIME type a browser needs: modules and Wasm streaming refuse anything else. */
    static String contentType(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".d.ts") || lower.endsWith(".ts")) {
            return "application/typescript; charset=utf-8";
        }
        int dot = lower.lastIndexOf('.');
        String extension = dot < 0 ? "" : lower.substring(dot + 1);
        return switch (extension) {
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "wasm" -> "application/wasm";
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "txt", "md" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the classpath", e);
        }
    }
}
