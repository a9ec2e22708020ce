package io.sluice.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Draws the throughput and latency charts of a report as PNG files. */
final class Charts {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;
    private static final Pattern OTHER_RATE_CHART = Pattern.compile("latency-[0-9]+\\.png");

    private Charts() {}

    /** Median throughput per pipeline, one bar per engine; no file when nothing succeeded. */
    static void throughput(Report report, Path file) throws IOException {
        List<String> pipelines = new ArrayList<>();
        for (WorkloadSummary s : report.summaries()) {
            if (!pipelines.contains(s.workload().pipeline())) {
                pipelines.add(s.workload().pipeline());
            }
        }
        CategoryChart chart =
                chart(
                        "Throughput, median of " + report.settings().runs() + " runs",
                        "records/s (start of the JVM to the last committed output)");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        for (Engine engine : Engine.values()) {
            List<Double> medians = new ArrayList<>();
            boolean any = false;
            for (String pipeline : pipelines) {
                Double median =
                        report.summaries().stream()
                                .filter(s -> s.workload().engine() == engine)
                                .filter(s -> s.workload().pipeline().equals(pipeline))
                                .map(s -> s.recordsPerSecond().median())
                                .filter(v -> !v.isNaN())
                                .findFirst()
                                .orElse(null); // no bar: XChart skips null values
                any |= median != null;
                medians.add(median);
            }
            if (any) {
                chart.addSeries(engine.label(), pipelines, medians);
            }
        }
        saveOrDelete(chart, file);
    }

    /**
     * One latency chart per input rate, in {@code directory}, named by {@link #latencyFile}; a
     * chart of a rate no longer measured is deleted, so that the directory holds this run's only.
     */
    static void latency(Report report, Path directory) throws IOException {
        List<Integer> rates = report.settings().latencyRates();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (OTHER_RATE_CHART.matcher(file.getFileName().toString()).matches()) {
                    Files.delete(file);
                }
            }
        }
        for (int rate : rates) {
            latency(report, rate, directory.resolve(latencyFile(rates, rate)));
        }
    }

    /**
     * The chart of {@code rate}: {@code latency.png} for the first of {@code rates}, as before
     * there were several, and {@code latency-RATE.png} for the others.
     */
    static String latencyFile(List<Integer> rates, int rate) {
        return rate == rates.get(0) ? "latency.png" : "latency-" + rate + ".png";
    }

    /** Median p50, p95 and p99 latency per measured workload; no file when none was measured. */
    private static void latency(Report report, int rate, Path file) throws IOException {
        List<String> workloads = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (WorkloadSummary s : report.summaries()) {
            if (s.p99Ms(rate).isEmpty()) {
                continue;
            }
            Workload w = s.workload();
            // the label, not the pipeline: two Sluice workloads of one pipeline both get a bar
            workloads.add(
                    w.engine() == Engine.CEILING
                            ? w.label()
                            : w.engine().label() + " " + w.label());
            p50.add(s.p50Ms(rate).median());
            p95.add(s.p95Ms(rate).median());
            p99.add(s.p99Ms(rate).median());
        }
        CategoryChart chart =
                chart(
                        String.format(
                                "End-to-end latency at %,d records/s, median of %d runs",
                                rate, report.settings().runs()),
                        "ms (send to read_committed receive)");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        if (!workloads.isEmpty()) {
            chart.addSeries("p50", workloads, p50);
            chart.addSeries("p95", workloads, p95);
            chart.addSeries("p99", workloads, p99);
        }
        saveOrDelete(chart, file);
    }

    private static CategoryChart chart(String title, String yAxis) {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .yAxisTitle(yAxis)
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsRotation(0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /** Saves the chart, or deletes an older file when the chart has no series to draw. */
    private static void saveOrDelete(CategoryChart chart, Path file) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
