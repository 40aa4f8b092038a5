package dev.entangle.e2e.bench;

import dev.entangle.hub.bench.BenchReport;
import dev.entangle.e2e.Project;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Sizes of the built client, raw and gzip (level 9), as a page downloads them. */
public final class BundleSizeBenchmark {
    private BundleSizeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dist = Project.dist();
        BenchReport report = new BenchReport("bundle-size", "Bundle sizes");
        report.line("| file | what it is | raw | gzip -9 |").line("| --- | --- | ---: | ---: |");
        long wasmRaw = 0;
        long wasmGzip = 0;
        String[][] files = {
                {"entangle.js", "JavaScript build, UMD (`<script>`, CommonJS, bundlers)"},
                {"entangle.mjs", "JavaScript build, ES module"},
                {"entangle-lite.js", "lite entry (no `Entangle.sync`), UMD"},
                {"entangle-lite.mjs", "lite entry (no `Entangle.sync`), ES module"},
                {"entangle.wasm", "WebAssembly (GC) build"},
                {"entangle-wasm.js", "Wasm loader: TeaVM runtime + `Entangle` shim"},
                {"entangle-devtools.mjs", "devtools panel, loaded by either build only when it opens"}};
        for (String[] file : files) {
            byte[] bytes = Files.readAllBytes(dist.resolve(file[0]));
            long gzip = gzipSize(bytes);
            report.line("| `" + file[0] + "` | " + file[1] + " | " + kb(bytes.length) + " | " + kb(gzip) + " |");
            if (file[0].startsWith("entangle.wasm") || file[0].equals("entangle-wasm.js")) {
                wasmRaw += bytes.length;
                wasmGzip += gzip;
            }
        }
        report.line("| **Wasm build in all** | `entangle.wasm` + `entangle-wasm.js` | " + kb(wasmRaw) + " | " + kb(wasmGzip) + " |");
        report.write();
    }

    private static long gzipSize(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(bytes);
        }
        return out.size();
    }

    private static String kb(long bytes) {
        return String.format("%.1f KB", bytes / 1024.0);
    }
}
