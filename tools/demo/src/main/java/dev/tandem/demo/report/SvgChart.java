package dev.tandem.demo.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line or bar chart as inline SVG: axes with a few ticks, one or more series, an
 * optional horizontal reference line (an SLO). No script and nothing fetched, so a report renders
 * offline and as an image.
 */
final class SvgChart {

    private static final int WIDTH = 560;
    private static final int HEIGHT = 240;
    private static final int LEFT = 58;
    private static final int RIGHT = 16;
    private static final int TOP = 44;
    private static final int BOTTOM = 38;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};

    /**
     * One series.
     *
     * @param name label in the legend
     * @param xs   x values
     * @param ys   y values (NaN: gap)
     */
    record Series(String name, double[] xs, double[] ys) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private Double reference;
    private String referenceLabel;
    private boolean bars;
    private List<String> categories = List.of();

    SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    SvgChart line(String name, double[] xs, double[] ys) {
        series.add(new Series(name, xs, ys));
        return this;
    }

    SvgChart reference(double y, String label) {
        this.reference = y;
        this.referenceLabel = label;
        return this;
    }

    /** Grouped bars, one group per category. */
    SvgChart bars(List<String> categories) {
        this.bars = true;
        this.categories = categories;
        return this;
    }

    String render() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = reference == null ? 0 : reference;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                xMin = Math.min(xMin, s.xs()[i]);
                xMax = Math.max(xMax, s.xs()[i]);
                if (!Double.isNaN(s.ys()[i])) {
                    yMax = Math.max(yMax, s.ys()[i]);
                }
            }
        }
        if (bars) {
            xMin = 0;
            xMax = Math.max(1, categories.size());
        }
        if (!(xMax > xMin)) {
            xMax = xMin + 1;
        }
        yMax = niceCeiling(yMax <= 0 ? 1 : yMax * 1.08);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT, esc(title)));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        b.append(text(LEFT, 18, title, "start", 14, "bold"));
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double y = TOP + plotH - plotH * i / 4;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>",
                    LEFT, y, WIDTH - RIGHT, y));
            b.append(text(LEFT - 6, y + 4, format(v), "end", 11, "normal"));
        }
        b.append(text(12, TOP + plotH / 2, yLabel, "middle", 11, "normal")
                .replace("<text ", "<text transform=\"rotate(-90 12 " + (TOP + plotH / 2) + ")\" "));
        b.append(text(LEFT + plotW / 2, HEIGHT - 6, xLabel, "middle", 11, "normal"));
        if (!bars) {
            double step = niceCeiling((xMax - xMin) / 6);
            for (double v = Math.ceil(xMin / step) * step; v <= xMax + 1e-9; v += step) {
                double x = LEFT + plotW * (v - xMin) / (xMax - xMin);
                b.append(text(x, TOP + plotH + 16, format(v), "middle", 11, "normal"));
            }
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>",
                LEFT, TOP + plotH, WIDTH - RIGHT, TOP + plotH));
        if (bars) {
            int groups = categories.size();
            double groupW = plotW / Math.max(1, groups);
            double barW = Math.max(1, groupW * 0.8 / Math.max(1, series.size()));
            for (int si = 0; si < series.size(); si++) {
                Series s = series.get(si);
                for (int i = 0; i < s.ys().length; i++) {
                    double h = plotH * s.ys()[i] / yMax;
                    double x = LEFT + groupW * s.xs()[i] + groupW * 0.1 + barW * si;
                    b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                            + "fill=\"%s\"/>", x, TOP + plotH - h, barW, h, COLORS[si % COLORS.length]));
                }
            }
            int step = Math.max(1, groups / 6);
            for (int i = 0; i < groups; i += step) {
                b.append(text(LEFT + groupW * i + groupW / 2, TOP + plotH + 16, categories.get(i), "middle", 10,
                        "normal"));
            }
        } else {
            for (int si = 0; si < series.size(); si++) {
                Series s = series.get(si);
                StringBuilder path = new StringBuilder();
                boolean pen = false;
                for (int i = 0; i < s.xs().length; i++) {
                    if (Double.isNaN(s.ys()[i])) {
                        pen = false;
                        continue;
                    }
                    double x = LEFT + plotW * (s.xs()[i] - xMin) / (xMax - xMin);
                    double y = TOP + plotH - plotH * s.ys()[i] / yMax;
                    path.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", pen ? "L" : "M", x, y));
                    pen = true;
                }
                b.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                        path.toString().trim(), COLORS[si % COLORS.length]));
            }
        }
        if (reference != null) {
            double y = TOP + plotH - plotH * reference / yMax;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d62728\" "
                    + "stroke-dasharray=\"6 4\"/>", LEFT, y, WIDTH - RIGHT, y));
            b.append(text(WIDTH - RIGHT - 4, y - 4, referenceLabel, "end", 11, "normal")
                    .replace("fill=\"#333\"", "fill=\"#d62728\""));
        }
        // The legend under the title, so long titles and names never collide.
        double lx = LEFT;
        for (int si = 0; si < series.size(); si++) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"26\" width=\"12\" height=\"4\" fill=\"%s\"/>", lx,
                    COLORS[si % COLORS.length]));
            b.append(text(lx + 16, 32, series.get(si).name(), "start", 11, "normal"));
            lx += 28 + 6.5 * series.get(si).name().length();
        }
        return b.append("</svg>").toString();
    }

    private static String text(double x, double y, String s, String anchor, int size, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-family=\"sans-serif\" "
                + "font-size=\"%d\" font-weight=\"%s\" fill=\"#333\">%s</text>", x, y, anchor, size, weight, esc(s));
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", v / 1_000_000);
        }
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, a >= 10 ? "%.1f" : "%.2f", v);
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
