package dev.tandem.demo.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.demo.generate.GeneratedTruth;
import dev.tandem.demo.run.Sample;
import dev.tandem.demo.run.Summary;

/**
 * {@code report.html}: the summary next to the generator's truth, and plots of the run —
 * freshness against the SLO, micro-batch sizes and durations, throughput, lag, and late records
 * and corrections per window. One self-contained file: inline SVG and CSS, no script, nothing
 * fetched, so it renders offline.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static void write(Path file, Summary s, List<Sample> timeline, JsonNode reconciliation, long windowMs)
            throws IOException {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Tandem demo report</title>
                <style>
                body{font-family:sans-serif;margin:24px;color:#222;max-width:1180px}
                h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:24px 0 8px}
                p.sub{color:#555;margin:0 0 16px}
                table{border-collapse:collapse;font-size:14px} td,th{padding:4px 12px;border-bottom:1px solid #ddd;text-align:right}
                td:first-child,th:first-child{text-align:left} .ok{color:#2a7d2a;font-weight:bold} .bad{color:#c62828;font-weight:bold}
                .charts{display:grid;grid-template-columns:repeat(2,560px);gap:16px}
                .charts svg{border:1px solid #eee}
                </style></head><body>
                """);
        GeneratedTruth t = s.truth();
        html.append("<h1>Tandem: one pipeline, two rhythms</h1>");
        html.append(String.format(Locale.ROOT, "<p class=\"sub\">%,d orders in %.0f s at %,d/s, the orders pipeline with "
                + "%d s windows; micro-batch and batch functions as separate JVMs on a real Kafka broker and S3 "
                + "server.</p>", t.sent(), s.generateSeconds(), Math.round(t.sent() / Math.max(1, s.generateSeconds())),
                windowMs / 1000));
        html.append("<h2>Summary</h2><table><tr><th></th><th>Tandem</th><th>generator's truth</th></tr>");
        row(html, "orders received by the micro-batch", s.recordsIn(), t.sent());
        row(html, "invalid, sent to the dead-letter topic", s.invalid(), t.invalidTotal());
        row(html, "late (landed; corrected by batch)", s.late(), t.late());
        row(html, "duplicates skipped", s.duplicates(), t.duplicates());
        html.append(String.format(Locale.ROOT, "<tr><td>throughput</td><td>%,.0f records/s</td><td>sent at %,d/s</td></tr>",
                s.throughput(), Math.round(t.sent() / Math.max(1, s.generateSeconds()))));
        boolean sloMet = s.withinSlo() >= s.sloTarget();
        html.append(String.format(Locale.ROOT, "<tr><td>freshness p50 / p99</td><td>%.2f s / %.2f s</td><td class=\"%s\">"
                + "SLO %.0f s for %.0f%%: %.2f%% within</td></tr>", s.freshnessP50(), s.freshnessP99(),
                sloMet ? "ok" : "bad", s.freshnessSlo(), s.sloTarget() * 100, s.withinSlo() * 100));
        html.append(String.format(Locale.ROOT, "<tr><td>windows FINAL (micro-batch)</td><td>%,d</td><td></td></tr>",
                s.windowsFinal()));
        row(html, "windows corrected by batch", s.windowsCorrected(), s.expectedCorrections());
        html.append(String.format(Locale.ROOT, "<tr><td>reconciliation: unexplained differences</td><td class=\"%s\">%d"
                + "</td><td>0</td></tr></table>", s.unexplained() == 0 ? "ok" : "bad", s.unexplained()));

        int n = timeline.size();
        double[] x = new double[n];
        double[] sent = new double[n];
        double[] processed = new double[n];
        double[] lag = new double[n];
        double[] p50 = new double[n];
        double[] p99 = new double[n];
        double[] size = new double[n];
        double[] duration = new double[n];
        double[] targetRecords = new double[n];
        double[] targetWaitMs = new double[n];
        Map<String, double[]> changes = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Sample c = timeline.get(i);
            Sample p = i == 0 ? null : timeline.get(i - 1);
            double dt = p == null ? Double.NaN : c.seconds() - p.seconds();
            x[i] = c.seconds();
            sent[i] = p == null ? Double.NaN : (c.sent() - p.sent()) / dt;
            processed[i] = p == null ? Double.NaN : (c.recordsIn() - p.recordsIn()) / dt;
            lag[i] = c.lag();
            // Per interval, from the difference of the scraped histograms (as the benchmark does): a
            // cumulative quantile would carry the cold start through the whole run.
            p50[i] = p == null ? Double.NaN : c.freshnessSince(p, 0.5);
            p99[i] = p == null ? Double.NaN : c.freshnessSince(p, 0.99);
            long batches = p == null ? 0 : c.batches() - p.batches();
            size[i] = batches == 0 ? Double.NaN : (double) (c.batchRecords() - p.batchRecords()) / batches;
            duration[i] = batches == 0 ? Double.NaN : (c.batchSeconds() - p.batchSeconds()) * 1000 / batches;
            targetRecords[i] = c.pacingRecords();
            targetWaitMs[i] = c.pacingWaitSeconds() * 1000;
            for (Map.Entry<String, Double> e : c.pacingChanges().entrySet()) {
                double before = p == null ? 0 : p.pacingChanges().getOrDefault(e.getKey(), 0.0);
                changes.computeIfAbsent(e.getKey(), k -> new double[n])[i] = e.getValue() - before;
            }
        }
        html.append("<h2>The run</h2><div class=\"charts\">");
        html.append(new SvgChart("Freshness per interval: produce → result emitted", "seconds into the run",
                "seconds")
                .line("p50", x, p50).line("p99", x, p99)
                .reference(s.freshnessSlo(), String.format(Locale.ROOT, "SLO %.0f s", s.freshnessSlo())).render());
        html.append(new SvgChart("Throughput", "seconds into the run", "records/s")
                .line("sent", x, sent).line("processed", x, processed).render());
        html.append(new SvgChart("Micro-batch size", "seconds into the run", "records per batch")
                .line("mean records/batch", x, size).render());
        html.append(new SvgChart("Micro-batch duration", "seconds into the run", "ms per batch")
                .line("mean ms/batch", x, duration).render());
        html.append(new SvgChart("Consumer lag", "seconds into the run", "records").line("lag", x, lag).render());
        html.append(new SvgChart("Pacing targets (mean over partitions)", "seconds into the run", "records per batch")
                .line("record target", x, targetRecords).render());
        html.append(new SvgChart("Pacing wait (mean over partitions)", "seconds into the run", "ms")
                .line("wait target", x, targetWaitMs).render());
        SvgChart reasons = new SvgChart("Pacing changes per interval, by reason", "seconds into the run", "changes");
        changes.forEach((reason, counts) -> reasons.line(reason, x, counts));
        html.append(reasons.render());

        Map<String, double[]> perWindow = new TreeMap<>();
        for (JsonNode d : reconciliation.path("differences")) {
            double[] v = perWindow.computeIfAbsent(d.path("windowStart").asText(), k -> new double[2]);
            v[0] += d.path("lateRecords").asInt();
            v[1] += 1;
        }
        List<String> labels = new ArrayList<>();
        double[] idx = new double[perWindow.size()];
        double[] late = new double[perWindow.size()];
        double[] corrected = new double[perWindow.size()];
        int i = 0;
        for (Map.Entry<String, double[]> e : perWindow.entrySet()) {
            labels.add(Instant.parse(e.getKey()).toString().substring(11, 19));
            idx[i] = i;
            late[i] = e.getValue()[0];
            corrected[i] = e.getValue()[1];
            i++;
        }
        html.append(new SvgChart("Late records and corrections per window", "window start (UTC)", "count")
                .bars(labels).line("late records", idx, late).line("partials corrected", idx, corrected).render());
        html.append("</div>");
        html.append(String.format(Locale.ROOT, "<h2>Reconciliation</h2><p>%s of %s partials matched; %s differed, %s of "
                + "them explained by late data, each published as CORRECTED. Report: <code>%s</code>.</p>",
                reconciliation.path("matching").asText(), reconciliation.path("batchPartials").asText(),
                reconciliation.path("differing").asText(), reconciliation.path("explained").asText(),
                SvgChart.esc(s.reconcile().at("/result/reconciliation/report").asText())));
        html.append("<p class=\"sub\">Raw numbers: report.json and summary.json beside this file.</p></body></html>\n");
        Files.writeString(file, html);
    }

    private static void row(StringBuilder html, String what, long tandem, long truth) {
        html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"%s\">%,d</td><td>%,d</td></tr>", what,
                tandem == truth ? "ok" : "bad", tandem, truth));
    }
}
