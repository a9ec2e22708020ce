package io.sluice.cli;

import io.sluice.service.InstanceStatus;
import io.sluice.service.Timeline;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/**
 * The status line {@code run} prints every few seconds: batch, records per second, lag and
 * watermark; with {@code availableNow}, a progress bar of the remaining lag instead. Called from
 * one timer thread.
 */
final class ConsoleStatus {
    private static final int BAR_WIDTH = 30;

    private final String pipeline;
    private final InstanceStatus status;
    private final Timeline timeline;
    private final PrintWriter out;
    private final boolean progressBar;
    private long mostLag;

    ConsoleStatus(
            String pipeline,
            InstanceStatus status,
            Timeline timeline,
            PrintWriter out,
            boolean progressBar) {
        this.pipeline = pipeline;
        this.status = status;
        this.timeline = timeline;
        this.out = out;
        this.progressBar = progressBar;
    }

    /** Prints one line. */
    void print() {
        out.println((progressBar ? progressLine() : statusLine()) + outageNote());
        out.flush();
    }

    /** Says which service batches wait for, if one is down. */
    String outageNote() {
        return status.outage()
                .map(o -> " | waiting for the " + o.dependency() + " since " + o.since())
                .orElse("");
    }

    String statusLine() {
        Timeline.Sample latest = timeline.latest();
        double rate = latest == null ? 0 : latest.processingRate();
        long watermark = status.watermarkMs();
        return String.format(
                Locale.ROOT,
                "%s: batch %s | %,.0f records/s | lag %,d | watermark %s",
                pipeline,
                status.lastBatchId() < 0 ? "-" : Long.toString(status.lastBatchId()),
                rate,
                status.lag(),
                watermark == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(watermark).toString());
    }

    /** A bar of the remaining lag, against the most lag seen (the input at start). */
    String progressLine() {
        long lag = status.lag();
        mostLag = Math.max(mostLag, lag);
        double done =
                mostLag == 0 ? (status.committedBatches() > 0 ? 1 : 0) : 1 - (double) lag / mostLag;
        int filled = (int) Math.round(done * BAR_WIDTH);
        return String.format(
                Locale.ROOT,
                "%s: [%s%s] %3.0f%% | %,d of %,d records left | batch %s",
                pipeline,
                "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled),
                done * 100,
                lag,
                mostLag,
                status.lastBatchId() < 0 ? "-" : Long.toString(status.lastBatchId()));
    }
}
