package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each batch joined with a dataset in memory, Spark's {@code transform(rdd -> rdd.join(static))}.
 */
class StaticDatasetJoinTest {

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));
    private final QueueStream<KeyValue<String, Integer>> orders = kit.queueStream();

    @Test
    void shouldJoinEachBatchWithAStaticMapWhenTransformToPairLooksEveryKeyUp() {
        Map<String, String> names = Map.of("c1", "Ann", "c2", "Bo");
        CollectedBatches<KeyValue<String, Joined<Integer, String>>> enriched =
                kit.collect(orders.stream().transformToPair(batch -> innerJoin(batch, names)));
        kit.start();

        orders.addBatch(KeyValue.of("c1", 10), KeyValue.of("c3", 20), KeyValue.of("c2", 30));
        orders.addBatch(KeyValue.of("c1", 40));
        kit.advanceBatches(2);

        assertThat(enriched.all().values())
                .containsExactly(
                        List.of(
                                KeyValue.of("c1", new Joined<>(10, "Ann")),
                                KeyValue.of("c2", new Joined<>(30, "Bo"))),
                        List.of(KeyValue.of("c1", new Joined<>(40, "Ann"))));
    }

    @Test
    void shouldOuterJoinEachBatchWithAStaticListWhenAnInputStreamGivesItEveryBatch() {
        List<KeyValue<String, String>> customers =
                List.of(KeyValue.of("c1", "Ann"), KeyValue.of("c2", "Bo"), KeyValue.of("c1", "A."));
        PairDStream<String, String> everyBatch =
                kit.context().inputStream(time -> customers).mapToPair(customer -> customer);
        CollectedBatches<KeyValue<String, Joined<Integer, Optional<String>>>> enriched =
                kit.collect(orders.stream().mapToPair(o -> o).leftOuterJoin(everyBatch));
        kit.start();

        orders.addBatch(KeyValue.of("c1", 10), KeyValue.of("c3", 20));
        orders.addBatch(KeyValue.of("c2", 30));
        kit.advanceBatches(2);

        assertThat(enriched.all().values())
                .containsExactly(
                        List.of(
                                KeyValue.of("c1", new Joined<>(10, Optional.of("Ann"))),
                                KeyValue.of("c1", new Joined<>(10, Optional.of("A."))),
                                KeyValue.of("c3", new Joined<>(20, Optional.empty()))),
                        List.of(KeyValue.of("c2", new Joined<>(30, Optional.of("Bo")))));
    }

    /** What a user writes: each record whose key the map holds, with the map's value. */
    private static <K, V, W> List<KeyValue<K, Joined<V, W>>> innerJoin(
            List<KeyValue<K, V>> batch, Map<K, W> dataset) {
        List<KeyValue<K, Joined<V, W>>> joined = new ArrayList<>();
        for (KeyValue<K, V> record : batch) {
            W match = dataset.get(record.key());
            if (match != null) {
                joined.add(KeyValue.of(record.key(), new Joined<>(record.value(), match)));
            }
        }
        return joined;
    }

    @Test
    void shouldCombineTwoStreamsBatchesWhenTransformWithIsGivenAFunctionOfBoth() {
        QueueStream<String> names = kit.queueStream();
        CollectedBatches<String> combined =
                kit.collect(
                        orders.stream()
                                .transformWith(
                                        names.stream(),
                                        (batch, known) ->
                                                batch.stream()
                                                        .filter(o -> known.contains(o.key()))
                                                        .map(o -> o.key() + "=" + o.value())
                                                        .toList()));
        kit.start();

        orders.addBatch(KeyValue.of("c1", 10), KeyValue.of("c2", 20));
        names.addBatch("c2");
        orders.addBatch(KeyValue.of("c1", 30));
        names.addBatch("c1", "c2");
        kit.advanceBatches(2);

        assertThat(combined.all().values()).containsExactly(List.of("c2=20"), List.of("c1=30"));
    }
}
