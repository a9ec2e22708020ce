package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * reduceByKeyAndWindow with an inverse function against the one without, on random batches: a
 * seeded loop, so a failure names the case that reproduces it. Keeping keys whose records left
 * (Spark's default), the result is the reduction without an inverse plus those keys at 0; dropping
 * them ({@link EmptyWindowKeys#DROP}), it is the reduction without an inverse.
 */
class InverseReduceByKeyAndWindowTest {

    private static final Duration BATCH = Duration.ofSeconds(1);
    private static final int CASES = 300;

    @Test
    void shouldEqualTheReductionWithoutInverseWhenWindowIsSixBatchesSlidingByTwo() {
        Random random = new Random(8);
        for (int seed = 0; seed < CASES; seed++) {
            checkCase(random.nextLong(), 6, 2, EmptyWindowKeys.DROP);
        }
    }

    @Test
    void shouldEqualTheReductionWithoutInverseForAnyLengthAndSlideWhenEmptyKeysAreDropped() {
        Random random = new Random(88);
        for (int seed = 0; seed < CASES; seed++) {
            checkCase(
                    random.nextLong(),
                    1 + random.nextInt(7),
                    1 + random.nextInt(4),
                    EmptyWindowKeys.DROP);
        }
    }

    @Test
    void shouldAddEveryKeySeenAtZeroToTheReductionWithoutInverseWhenEmptyKeysAreKept() {
        Random random = new Random(888);
        for (int seed = 0; seed < CASES; seed++) {
            checkCase(
                    random.nextLong(),
                    1 + random.nextInt(7),
                    1 + random.nextInt(4),
                    EmptyWindowKeys.KEEP);
        }
    }

    /**
     * Runs random batches through both reductions until every window is empty again, checking at
     * each window that they agree and that the incremental one holds exactly the batches of the
     * window and the keys of the window (dropping) or every key seen (keeping).
     */
    private static void checkCase(
            long seed, int lengthBatches, int slideBatches, EmptyWindowKeys emptyKeys) {
        Random random = new Random(seed);
        String description =
                String.format(
                        "seed %s, length %s, slide %s, %s",
                        seed, lengthBatches, slideBatches, emptyKeys);
        StreamingTestKit kit = StreamingTestKit.withBatchInterval(BATCH);
        QueueStream<KeyValue<String, Integer>> input = kit.queueStream();
        PairDStream<String, Integer> pairs = input.stream().mapToPair(record -> record);
        Duration length = BATCH.multipliedBy(lengthBatches);
        Duration slide = BATCH.multipliedBy(slideBatches);
        CollectedBatches<KeyValue<String, Integer>> plain =
                kit.collect(pairs.reduceByKeyAndWindow(Integer::sum, length, slide));
        PairDStream<String, Integer> incremental =
                emptyKeys == EmptyWindowKeys.KEEP
                        ? pairs.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, length, slide)
                        : pairs.reduceByKeyAndWindow(
                                Integer::sum, (a, b) -> a - b, length, slide, emptyKeys);
        @SuppressWarnings("unchecked")
        InverseReducedWindowNode<String, Integer> state =
                (InverseReducedWindowNode<String, Integer>) incremental.node;
        List<WindowState> states = new ArrayList<>();
        incremental.foreachBatch(
                (records, time) ->
                        states.add(
                                new WindowState(
                                        time,
                                        asMap(records),
                                        state.retainedBatchTimes(),
                                        Set.copyOf(state.retainedKeys()))));
        List<List<KeyValue<String, Integer>>> batches = randomBatches(random);
        batches.forEach(input::add);
        kit.start();

        kit.advanceBatches(batches.size() + lengthBatches + slideBatches);

        assertThat(states).as(description).isNotEmpty();
        Set<String> seen = new LinkedHashSet<>(); // the keys of every window so far
        for (WindowState window : states) {
            String where = description + ", window at " + window.time();
            Map<String, Integer> expected = new HashMap<>(asMap(plain.at(window.time())));
            Window batchesIn = new Window(batches, window.time(), lengthBatches);
            seen.addAll(batchesIn.keys());
            Set<String> expectedKeys = batchesIn.keys();
            if (emptyKeys == EmptyWindowKeys.KEEP) {
                expectedKeys = Set.copyOf(seen);
                expectedKeys.forEach(key -> expected.putIfAbsent(key, 0));
            }
            assertThat(window.values()).as(where).isEqualTo(expected);
            assertThat(window.retainedBatches()).as(where).isEqualTo(batchesIn.nonEmptyTimes());
            assertThat(window.retainedKeys()).as(where).isEqualTo(expectedKeys);
        }
        WindowState last = states.get(states.size() - 1);
        assertThat(last.retainedBatches()).as(description).isEmpty();
        if (emptyKeys == EmptyWindowKeys.DROP) {
            assertThat(last.retainedKeys()).as(description).isEmpty();
        }
    }

    /** Up to 12 batches, some empty, of up to 6 records over 5 keys with values in [-50, 50]. */
    private static List<List<KeyValue<String, Integer>>> randomBatches(Random random) {
        List<List<KeyValue<String, Integer>>> batches = new ArrayList<>();
        int count = 1 + random.nextInt(12);
        for (int b = 0; b < count; b++) {
            List<KeyValue<String, Integer>> batch = new ArrayList<>();
            int size = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(6);
            for (int r = 0; r < size; r++) {
                batch.add(
                        KeyValue.of(
                                String.valueOf((char) ('a' + random.nextInt(5))),
                                random.nextInt(101) - 50));
            }
            batches.add(batch);
        }
        return batches;
    }

    private static Map<String, Integer> asMap(List<KeyValue<String, Integer>> records) {
        Map<String, Integer> map = new HashMap<>();
        for (KeyValue<String, Integer> record : records) {
            assertThat(map.put(record.key(), record.value()))
                    .as("key %s twice", record.key())
                    .isNull();
        }
        return map;
    }

    /** What the incremental reduction showed, and held, after its window at {@code time}. */
    private record WindowState(
            Time time,
            Map<String, Integer> values,
            List<Time> retainedBatches,
            Set<String> retainedKeys) {}

    /**
     * The input batches (batch {@code n} at {@code n} seconds) in the window ending at {@code end}.
     */
    private record Window(List<List<KeyValue<String, Integer>>> batches, Time end, int length) {

        List<Time> nonEmptyTimes() {
            List<Time> times = new ArrayList<>();
            forEachBatch(
                    (time, batch) -> {
                        if (!batch.isEmpty()) {
                            times.add(time);
                        }
                    });
            return times;
        }

        Set<String> keys() {
            Set<String> keys = new LinkedHashSet<>();
            forEachBatch((time, batch) -> batch.forEach(record -> keys.add(record.key())));
            return keys;
        }

        private void forEachBatch(
                java.util.function.BiConsumer<Time, List<KeyValue<String, Integer>>> action) {
            int last = (int) (end.milliseconds() / BATCH.toMillis());
            for (int n = Math.max(1, last - length + 1); n <= Math.min(last, batches.size()); n++) {
                action.accept(Time.ofMillis(n * BATCH.toMillis()), batches.get(n - 1));
            }
        }
    }
}
