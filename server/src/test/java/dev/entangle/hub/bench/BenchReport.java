package dev.entangle.hub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Prints a benchmark's Markdown and keeps it in target/benchmarks/NAME.md, for docs/BENCHMARKS.md. */
public final class BenchReport {
    private final StringBuilder text = new StringBuilder();
    private final String name;

    public BenchReport(String name, String title) {
        this.name = name;
        line("### " + title).line("");
        line("Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", heap max " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MiB.").line("");
    }

    public BenchReport line(String line) {
        text.append(line).append('\n');
        return this;
    }

    public void write() throws IOException {
        Path out = Path.of("target", "benchmarks", name + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.print(text);
        System.out.println("(written to " + out.toAbsolutePath() + ")");
    }
}
