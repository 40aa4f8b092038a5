package dev.entangle.hub.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of latency distributions ({@link LatencyHistogram} counts) for docs/BENCHMARKS.md: every
 * series on the same logarithmic axis, each bin's share of its series' samples, p50 and p99 marked.
 * Flat colours and few of them, so a chart stays a few tens of KB.
 */
final class LatencyHistogramImage {
    /** One distribution: its name in the legend, its bin counts, its percentiles in ms (null: none). */
    record Series(String name, List<Long> counts, Double p50Millis, Double p99Millis, Color color) {
    }

    static final Color HUB = new Color(0x1f, 0x6f, 0xeb);
    static final Color BASELINE = new Color(0x8a, 0x8a, 0x8a);

    private static final int WIDTH = 800;
    private static final int HEIGHT = 380;
    private static final int LEFT = 64;
    private static final int RIGHT = 30;
    private static final int TOP = 78;
    private static final int BOTTOM = 48;

    private LatencyHistogramImage() {
    }

    /** Draws {@code series} under {@code title} into {@code png}: at least one has samples; one without is named. */
    static void write(Path png, String title, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int first = LatencyHistogram.BINS;
        int last = -1;
        double highestShare = 0;
        for (Series s : series) {
            long total = total(s);
            for (int i = 0; i < s.counts().size(); i++) {
                if (s.counts().get(i) > 0) {
                    first = Math.min(first, i);
                    last = Math.max(last, i);
                    highestShare = Math.max(highestShare, 100.0 * s.counts().get(i) / total);
                }
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("no samples to draw for " + png.getFileName());
        }
        // Whole decades either side of the samples.
        int perDecade = LatencyHistogram.BINS_PER_DECADE;
        int from = first / perDecade * perDecade;
        int to = Math.min(LatencyHistogram.BINS, (last / perDecade + 1) * perDecade);
        double yStep = niceStep(highestShare / 4);
        double yTop = Math.ceil(highestShare * 1.05 / yStep) * yStep;

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            Plot plot = new Plot(from, to, yTop);
            grid(g, plot, yStep);
            for (int i = series.size() - 1; i >= 0; i--) {
                bars(g, plot, series.get(i)); // the first series (the hub) on top
            }
            for (Series s : series) {
                percentiles(g, plot, s);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, plot.width(), plot.height());
            legend(g, title, series);
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    /** The plot area and its scales: bins {@code from} to {@code to} across, 0 to {@code yTop} % up. */
    private record Plot(int from, int to, double yTop) {
        int width() {
            return WIDTH - LEFT - RIGHT;
        }

        int height() {
            return HEIGHT - TOP - BOTTOM;
        }

        int x(double bin) {
            return LEFT + (int) Math.round((bin - from) * width() / (to - from));
        }

        int xOfMillis(double millis) {
            return x(Math.log10(millis / LatencyHistogram.LOWEST_MILLIS) * LatencyHistogram.BINS_PER_DECADE);
        }

        int y(double share) {
            return TOP + height() - (int) Math.round(share / yTop * height());
        }
    }

    private static void grid(Graphics2D g, Plot plot, double yStep) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        for (double share = 0; share <= plot.yTop() + 1e-9; share += yStep) {
            int y = plot.y(share);
            g.setColor(new Color(0xe6, 0xe6, 0xe6));
            g.drawLine(LEFT + 1, y, LEFT + plot.width() - 1, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(share) + " %";
            g.drawString(label, LEFT - 6 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
        }
        int perDecade = LatencyHistogram.BINS_PER_DECADE;
        for (int decade = plot.from(); decade <= plot.to(); decade += perDecade) {
            int x = plot.x(decade);
            g.setColor(new Color(0xe6, 0xe6, 0xe6));
            g.drawLine(x, TOP + 1, x, TOP + plot.height() - 1);
            g.setColor(Color.DARK_GRAY);
            for (int minor = 2; minor < 10 && decade < plot.to(); minor++) {
                int xm = plot.x(decade + Math.log10(minor) * perDecade);
                g.drawLine(xm, TOP + plot.height(), xm, TOP + plot.height() + 3);
            }
            g.drawLine(x, TOP + plot.height(), x, TOP + plot.height() + 6);
            String label = millisLabel(LatencyHistogram.edgeMillis(decade));
            g.drawString(label, x - metrics.stringWidth(label) / 2, TOP + plot.height() + 8 + metrics.getAscent());
        }
        String axis = "latency, log scale (" + perDecade + " bins per decade); up: share of the samples in each bin";
        g.drawString(axis, LEFT + (plot.width() - metrics.stringWidth(axis)) / 2, HEIGHT - 8);
    }

    /** The series' bins as a step outline over a light fill of its colour. */
    private static void bars(Graphics2D g, Plot plot, Series s) {
        long total = total(s);
        if (total == 0) {
            return;
        }
        Path2D.Double outline = new Path2D.Double();
        outline.moveTo(plot.x(plot.from()), plot.y(0));
        for (int i = plot.from(); i < plot.to(); i++) {
            int y = plot.y(100.0 * s.counts().get(i) / total);
            outline.lineTo(plot.x(i), y);
            outline.lineTo(plot.x(i + 1), y);
        }
        outline.lineTo(plot.x(plot.to()), plot.y(0));
        outline.closePath();
        Color c = s.color();
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 56));
        g.fill(outline);
        g.setColor(c);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(outline);
        g.setStroke(new BasicStroke(1));
    }

    private static void percentiles(Graphics2D g, Plot plot, Series s) {
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);
        Stroke dotted = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 3}, 0);
        g.setColor(s.color().darker());
        mark(g, plot, s.p50Millis(), dashed);
        mark(g, plot, s.p99Millis(), dotted);
        g.setStroke(new BasicStroke(1));
    }

    private static void mark(Graphics2D g, Plot plot, Double millis, Stroke stroke) {
        if (millis != null && millis > 0) {
            g.setStroke(stroke);
            int x = Math.max(LEFT, Math.min(LEFT + plot.width(), plot.xOfMillis(millis)));
            g.drawLine(x, TOP + 1, x, TOP + plot.height() - 1);
        }
    }

    private static void legend(Graphics2D g, String title, List<Series> series) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int y = 40;
        for (Series s : series) {
            g.setColor(s.color());
            g.fillRect(LEFT, y - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(total(s) == 0 ? s.name() + ": no latency measured (see the table)" : s.name() + ": "
                    + total(s) + " samples, p50 " + millisLabel(s.p50Millis()) + " (dashed), p99 "
                    + millisLabel(s.p99Millis()) + " (dotted)", LEFT + 20, y);
            y += 16;
        }
    }

    private static long total(Series s) {
        return s.counts().stream().mapToLong(Long::longValue).sum();
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1e-6))));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= rough) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String millisLabel(Double millis) {
        if (millis == null || millis.isNaN()) {
            return "–";
        }
        return millis >= 1_000 ? format(millis / 1_000) + " s" : format(millis) + " ms";
    }

    private static String format(double value) {
        String text = value >= 10 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 1 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
