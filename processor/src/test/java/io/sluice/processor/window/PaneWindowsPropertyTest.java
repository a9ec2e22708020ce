package io.sluice.processor.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.aggregate.AccumulatorCodec;
import io.sluice.processor.plan.OutputMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks sliding windows kept as panes against the window-by-window path on seeded random input:
 * random events (some with null amounts), random batch splits (some empty), and random watermarks
 * that jump, stall or trail the events, in every output mode. After every batch both paths must
 * have emitted the same rows, found the same records late, and hold the same open windows: the
 * windows the pane store still holds, recomputed from its panes by plain merging, equal the windows
 * the per-window store holds.
 */
class PaneWindowsPropertyTest {
    private static final long SEED = 4242L;
    private static final int TRIALS = 150;
    private static final long MINUTE_MS = 60_000;
    private static final Schema SALE =
            SchemaBuilder.record("Sale")
                    .fields()
                    .requiredString("Store")
                    .optionalInt("Amount")
                    .name("Time")
                    .type(Plans.TIMESTAMP)
                    .noDefault()
                    .endRecord();

    static Stream<Arguments> cases() {
        List<WindowSpec.Sliding> specs =
                List.of(
                        sliding(10, 4),
                        sliding(9, 3),
                        sliding(7, 5),
                        sliding(60, 1),
                        sliding(30, 20));
        List<Arguments> cases = new ArrayList<>();
        for (WindowSpec.Sliding spec : specs) {
            for (OutputMode mode : OutputMode.values()) {
                cases.add(Arguments.of(spec, mode));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldMatchTheWindowByWindowPathWhenBatchesAndWatermarksAreRandom(
            WindowSpec.Sliding spec, OutputMode mode) {
        Random random = new Random(SEED + spec.hashCode() + mode.ordinal());
        for (int trial = 0; trial < TRIALS; trial++) {
            AggregationPlan plan =
                    Plans.plan(
                            SALE,
                            spec,
                            List.of("Store"),
                            mode,
                            "Rows",
                            "count(*)",
                            "Amounts",
                            "count(Amount)",
                            "Total",
                            "sum(Amount)",
                            "Mean",
                            "avg(Amount)");
            Run panes = new Run(new WindowAggregator(plan));
            Run windows = new Run(WindowAggregator.perWindow(plan));
            assertThat(panes.aggregator.usesPanes()).isTrue();

            long watermarkMs = Long.MIN_VALUE;
            int number = 0;
            for (List<EventRow> batch : batches(events(random), random)) {
                long nextWatermarkMs = nextWatermark(watermarkMs, batch, random);

                Step fromPanes = panes.process(batch, watermarkMs, nextWatermarkMs);
                Step fromWindows = windows.process(batch, watermarkMs, nextWatermarkMs);

                String at = "trial " + trial + ", batch " + number++;
                assertThat(fromPanes.admissions).as(at).isEqualTo(fromWindows.admissions);
                assertThat(fromPanes.rows)
                        .as(at)
                        .containsExactlyInAnyOrderElementsOf(fromWindows.rows);
                assertThat(openWindowsFromPanes(plan, panes.store, mode, nextWatermarkMs))
                        .as(at)
                        .containsExactlyInAnyOrderElementsOf(rows(plan, windows.store.all()));
                assertThat(closedPanes(spec, panes.store, mode, nextWatermarkMs))
                        .as(at + ": panes whose last window closed")
                        .isEmpty();
                watermarkMs = nextWatermarkMs;
            }
        }
    }

    /** One path: an aggregator and its store. */
    private static final class Run {
        final WindowAggregator aggregator;
        final InMemoryWindowStore store;

        Run(WindowAggregator aggregator) {
            this.aggregator = aggregator;
            this.store = new InMemoryWindowStore(aggregator.stateCodec());
        }

        Step process(List<EventRow> events, long watermarkMs, long nextWatermarkMs) {
            PartialAggregation batch = aggregator.newBatch(watermarkMs);
            List<Admission> admissions = new ArrayList<>();
            for (EventRow event : events) {
                admissions.add(batch.add(event.row(), event.eventTimeMs()));
            }
            List<GenericRecord> rows = new ArrayList<>();
            aggregator.finish(batch, store, nextWatermarkMs, rows::add);
            store.commit();
            return new Step(admissions, Plans.text(rows));
        }
    }

    private record Step(List<Admission> admissions, List<String> rows) {}

    /**
     * The windows the pane store holds, by brute force: every window containing a stored pane, its
     * value merged from all its panes, left out once closed (except in complete mode).
     */
    private static List<String> openWindowsFromPanes(
            AggregationPlan plan, InMemoryWindowStore store, OutputMode mode, long watermarkMs) {
        WindowSpec.Sliding spec = (WindowSpec.Sliding) plan.window();
        long size = spec.size().toMillis();
        long slide = spec.slide().toMillis();
        AccumulatorCodec codec = new AccumulatorCodec(plan.functions());
        Map<GroupKey, List<WindowState>> groups = new LinkedHashMap<>();
        for (WindowState pane : store.all()) {
            groups.computeIfAbsent(pane.group(), g -> new ArrayList<>()).add(pane);
        }
        List<WindowState> windows = new ArrayList<>();
        for (Map.Entry<GroupKey, List<WindowState>> group : groups.entrySet()) {
            Map<Long, WindowState> byStart = new LinkedHashMap<>();
            for (WindowState pane : group.getValue()) {
                for (long start = Math.floorDiv(pane.startMs(), slide) * slide;
                        start + size >= pane.endMs();
                        start -= slide) {
                    boolean open = mode == OutputMode.COMPLETE || start + size > watermarkMs;
                    if (open) {
                        AccumulatorCodec.merge(
                                byStart.computeIfAbsent(
                                                start,
                                                s ->
                                                        new WindowState(
                                                                group.getKey(),
                                                                new TimeWindow(s, s + size),
                                                                codec.newAccumulators()))
                                        .accumulators(),
                                pane.accumulators());
                    }
                }
            }
            windows.addAll(byStart.values());
        }
        return rows(plan, windows);
    }

    /** The stored panes whose last window has closed, which should have been evicted. */
    private static List<WindowState> closedPanes(
            WindowSpec.Sliding spec, InMemoryWindowStore store, OutputMode mode, long watermarkMs) {
        long slide = spec.slide().toMillis();
        List<WindowState> closed = new ArrayList<>();
        for (WindowState pane : store.all()) {
            long lastEnd = Math.floorDiv(pane.startMs(), slide) * slide + spec.size().toMillis();
            if (mode != OutputMode.COMPLETE && lastEnd <= watermarkMs) {
                closed.add(pane);
            }
        }
        return closed;
    }

    private static List<String> rows(AggregationPlan plan, Iterable<WindowState> states) {
        OutputRows outputRows = new OutputRows(plan);
        List<GenericRecord> rows = new ArrayList<>();
        for (WindowState state : states) {
            rows.add(outputRows.row(state));
        }
        return Plans.text(rows);
    }

    /** Stalls, follows the events with a random delay, or jumps ahead; never moves back. */
    private static long nextWatermark(long watermarkMs, List<EventRow> batch, Random random) {
        int choice = random.nextInt(4);
        long candidate;
        if (choice == 0 || batch.isEmpty() && choice == 1) {
            candidate = watermarkMs;
        } else if (choice == 1) {
            long latest = Long.MIN_VALUE;
            for (EventRow event : batch) {
                latest = Math.max(latest, event.eventTimeMs());
            }
            candidate = latest - random.nextInt(20) * MINUTE_MS;
        } else {
            long from = watermarkMs == Long.MIN_VALUE ? 0 : watermarkMs;
            candidate = from + random.nextInt(30) * MINUTE_MS + random.nextInt(3) * 1000;
        }
        return Math.max(watermarkMs, candidate);
    }

    private static List<EventRow> events(Random random) {
        int count = 1 + random.nextInt(50);
        List<EventRow> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GenericData.Record row = new GenericData.Record(SALE);
            long time = random.nextInt(150) * MINUTE_MS + random.nextInt(60_000);
            row.put("Store", "s" + random.nextInt(3));
            row.put("Amount", random.nextInt(5) == 0 ? null : random.nextInt(100) - 20);
            row.put("Time", time);
            events.add(new EventRow(row, time));
        }
        return events;
    }

    private static List<List<EventRow>> batches(List<EventRow> events, Random random) {
        List<List<EventRow>> batches = new ArrayList<>();
        int from = 0;
        while (from < events.size()) {
            int until = from + random.nextInt(Math.min(12, events.size() - from) + 1);
            batches.add(events.subList(from, until));
            from = until;
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            batches.add(List.of()); // the watermark may still close windows
        }
        return batches;
    }

    private static WindowSpec.Sliding sliding(long sizeMinutes, long slideMinutes) {
        return new WindowSpec.Sliding(
                Duration.ofMinutes(sizeMinutes), Duration.ofMinutes(slideMinutes));
    }
}
