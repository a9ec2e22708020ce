package io.sluice.processor.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.OutputMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks windowed aggregation against a brute-force oracle on seeded random input split into random
 * batches: without a watermark, the last value emitted for each window (update mode) and the final
 * table (complete mode) equal the oracle's, whatever the batches.
 */
class WindowedAggregationPropertyTest {
    private static final long SEED = 777L;
    private static final int TRIALS = 60;
    private static final long MINUTE_MS = 60_000;
    private static final Schema SALE =
            SchemaBuilder.record("Sale")
                    .fields()
                    .requiredString("Store")
                    .requiredInt("Amount")
                    .name("Time")
                    .type(Plans.TIMESTAMP)
                    .noDefault()
                    .endRecord();

    static Stream<Arguments> cases() {
        List<WindowSpec> specs =
                List.of(
                        new WindowSpec.Tumbling(Duration.ofMinutes(15)),
                        new WindowSpec.Sliding(Duration.ofMinutes(10), Duration.ofMinutes(4)),
                        new WindowSpec.Sliding(Duration.ofMinutes(9), Duration.ofMinutes(3)),
                        new WindowSpec.Session(Duration.ofMinutes(7)));
        List<Arguments> cases = new ArrayList<>();
        for (WindowSpec spec : specs) {
            cases.add(Arguments.of(spec, OutputMode.UPDATE));
            cases.add(Arguments.of(spec, OutputMode.COMPLETE));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldMatchBruteForceWhenInputIsSplitIntoRandomBatches(WindowSpec spec, OutputMode mode) {
        Random random = new Random(SEED);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<EventRow> events = events(random);
            AggregationPlan plan =
                    Plans.plan(
                            SALE,
                            spec,
                            List.of("Store"),
                            mode,
                            "Count",
                            "count(*)",
                            "Total",
                            "sum(Amount)",
                            "Largest",
                            "max(Amount)");
            WindowedAggregation aggregation = new WindowedAggregation(plan, Optional.empty());

            Map<String, String> latest = new TreeMap<>();
            for (List<EventRow> batch : batches(events, random)) {
                BatchResult result = aggregation.process(batch);
                if (mode == OutputMode.COMPLETE) {
                    latest.clear();
                }
                for (GenericRecord row : result.rows()) {
                    if (spec instanceof WindowSpec.Session) {
                        // A session emitted before may since have grown or merged into this one.
                        latest.keySet().removeIf(window -> isWithin(window, row));
                    }
                    latest.put(windowOf(row), Plans.text(row));
                }
            }

            assertThat(latest).as("trial %s", trial).isEqualTo(oracle(spec, events));
        }
    }

    static Stream<WindowSpec> specs() {
        return cases().map(c -> (WindowSpec) c.get()[0]).distinct();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void shouldEmitEveryWindowExactlyOnceWhenAppendModeAndDisorderIsWithinTheDelay(
            WindowSpec spec) {
        Random random = new Random(SEED + 1);
        Duration delay = Duration.ofMinutes(5);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<EventRow> events = new ArrayList<>();
            for (EventRow event : events(random)) {
                // Event i is at least i minutes in and at most the delay behind the latest.
                long time = events.size() * MINUTE_MS + random.nextInt((int) delay.toMillis());
                event.row().put("Time", time);
                events.add(new EventRow(event.row(), time));
            }
            AggregationPlan plan =
                    Plans.plan(
                            SALE,
                            spec,
                            List.of("Store"),
                            OutputMode.APPEND,
                            "Count",
                            "count(*)",
                            "Total",
                            "sum(Amount)",
                            "Largest",
                            "max(Amount)");
            WindowedAggregation aggregation = new WindowedAggregation(plan, Optional.of(delay));

            Map<String, String> emitted = new TreeMap<>();
            int rows = 0;
            List<List<EventRow>> batches = new ArrayList<>(batches(events, random));
            batches.add(List.of(farFuture()));
            for (List<EventRow> batch : batches) {
                BatchResult result = aggregation.process(batch);
                assertThat(result.late()).isEmpty();
                for (GenericRecord row : result.rows()) {
                    emitted.put(windowOf(row), Plans.text(row));
                    rows++;
                }
            }

            assertThat(emitted).as("trial %s", trial).isEqualTo(oracle(spec, events));
            assertThat(rows).as("rows emitted once each").isEqualTo(emitted.size());
        }
    }

    private static EventRow farFuture() {
        GenericData.Record row = new GenericData.Record(SALE);
        long time = 1000 * 24 * 60 * MINUTE_MS;
        row.put("Store", "zz");
        row.put("Amount", 0);
        row.put("Time", time);
        return new EventRow(row, time);
    }

    private static List<EventRow> events(Random random) {
        int count = 1 + random.nextInt(40);
        List<EventRow> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GenericData.Record row = new GenericData.Record(SALE);
            long time = random.nextInt(120) * MINUTE_MS + random.nextInt(60_000);
            row.put("Store", "s" + random.nextInt(3));
            row.put("Amount", random.nextInt(100));
            row.put("Time", time);
            events.add(new EventRow(row, time));
        }
        return events;
    }

    private static List<List<EventRow>> batches(List<EventRow> events, Random random) {
        List<List<EventRow>> batches = new ArrayList<>();
        int from = 0;
        while (from < events.size()) {
            int until = from + 1 + random.nextInt(events.size() - from);
            batches.add(events.subList(from, until));
            from = until;
        }
        return batches;
    }

    /** Each window's expected row, by brute force, keyed as {@link #windowOf} keys rows. */
    private static Map<String, String> oracle(WindowSpec spec, List<EventRow> events) {
        Map<String, List<EventRow>> members = new TreeMap<>();
        if (spec instanceof WindowSpec.Session session) {
            sessions(session.gap().toMillis(), events, members);
        } else {
            long size = spec.windowEnd(0);
            long slide =
                    spec instanceof WindowSpec.Sliding sliding ? sliding.slide().toMillis() : size;
            for (EventRow event : events) {
                long time = event.eventTimeMs();
                for (long k = Math.floorDiv(time - size, slide); k <= time / slide; k++) {
                    long start = k * slide;
                    if (start <= time && time < start + size) {
                        members.computeIfAbsent(
                                        key(event, start, start + size), w -> new ArrayList<>())
                                .add(event);
                    }
                }
            }
        }
        Map<String, String> rows = new TreeMap<>();
        for (Map.Entry<String, List<EventRow>> window : members.entrySet()) {
            rows.put(window.getKey(), expectedRow(window.getKey(), window.getValue()));
        }
        return rows;
    }

    private static void sessions(long gap, List<EventRow> events, Map<String, List<EventRow>> out) {
        List<EventRow> sorted = new ArrayList<>(events);
        sorted.sort(
                Comparator.comparing((EventRow e) -> e.row().get("Store").toString())
                        .thenComparingLong(EventRow::eventTimeMs));
        List<EventRow> session = new ArrayList<>();
        long end = Long.MIN_VALUE;
        for (EventRow event : sorted) {
            boolean sameStore =
                    !session.isEmpty()
                            && session.get(0).row().get("Store").equals(event.row().get("Store"));
            if (!sameStore || event.eventTimeMs() > end) {
                flush(session, end, out);
                session = new ArrayList<>();
                end = Long.MIN_VALUE;
            }
            session.add(event);
            end = Math.max(end, event.eventTimeMs() + gap);
        }
        flush(session, end, out);
    }

    private static void flush(List<EventRow> session, long end, Map<String, List<EventRow>> out) {
        if (!session.isEmpty()) {
            out.put(key(session.get(0), session.get(0).eventTimeMs(), end), session);
        }
    }

    private static String expectedRow(String key, List<EventRow> members) {
        long total = 0;
        int largest = Integer.MIN_VALUE;
        for (EventRow event : members) {
            int amount = (Integer) event.row().get("Amount");
            total += amount;
            largest = Math.max(largest, amount);
        }
        String[] parts = key.split("\\|");
        return parts[0]
                + ","
                + Plans.text(List.of(window(Long.parseLong(parts[1]), Long.parseLong(parts[2]))))
                        .get(0)
                + ","
                + members.size()
                + ","
                + total
                + ","
                + largest;
    }

    private static String key(EventRow event, long start, long end) {
        return event.row().get("Store") + "|" + pad(start) + "|" + pad(end);
    }

    private static String windowOf(GenericRecord row) {
        return row.get("Store")
                + "|"
                + pad((Long) row.get(AggregationPlan.WINDOW_START))
                + "|"
                + pad((Long) row.get(AggregationPlan.WINDOW_END));
    }

    private static boolean isWithin(String window, GenericRecord row) {
        String[] parts = window.split("\\|");
        return parts[0].equals(row.get("Store").toString())
                && Long.parseLong(parts[1]) >= (Long) row.get(AggregationPlan.WINDOW_START)
                && Long.parseLong(parts[2]) <= (Long) row.get(AggregationPlan.WINDOW_END);
    }

    private static String pad(long millis) {
        return String.format("%012d", millis);
    }

    /** A record holding just a window's bounds, printed as the rows print them. */
    private static GenericRecord window(long start, long end) {
        Schema schema =
                SchemaBuilder.record("Bounds")
                        .fields()
                        .name("start")
                        .type(Plans.TIMESTAMP)
                        .noDefault()
                        .name("end")
                        .type(Plans.TIMESTAMP)
                        .noDefault()
                        .endRecord();
        GenericData.Record bounds = new GenericData.Record(schema);
        bounds.put("start", start);
        bounds.put("end", end);
        return bounds;
    }
}
