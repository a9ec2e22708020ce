package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.stateful.TaskOperator;
import io.sluice.processor.stateful.groupstate.GroupStateSteps;
import io.sluice.processor.stateful.groupstate.StateCodec;
import io.sluice.processor.window.GroupKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An initial state is seeded in the task the repartition topic sends the key's rows to: the
 * operator's idea of a key's task and the {@link Repartitioner}'s are the same.
 */
class RepartitionedSeedingTest {
    private static final int TASKS = 4;
    private static final Schema WORD =
            SchemaBuilder.record("Word").fields().requiredString("word").endRecord();
    private static final Schema COUNT =
            SchemaBuilder.record("WordCount")
                    .fields()
                    .requiredString("word")
                    .requiredLong("count")
                    .endRecord();

    @TempDir Path directory;

    @Test
    void shouldSeedEachKeyInTheTaskItsRowsAreRepartitionedToWhenThereAreSeveralTasks() {
        Map<GroupKey, Long> initial = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            initial.put(GroupKey.of("w" + i), 1L);
        }
        StatefulOperator operator =
                GroupStateSteps.updateStateByKey(
                        GroupStateSteps.keyColumns(WORD, "word"),
                        row -> 1L,
                        (ones, total) -> Optional.of(total.orElse(0L) + ones.size()),
                        StateCodec.longs(),
                        initial,
                        COUNT,
                        (key, total) -> row(COUNT, key.get(0), total));
        Repartitioner repartitioner =
                new Repartitioner(
                        "moves",
                        TASKS,
                        List.of(new TopicPartition("in", 0)),
                        operator.keyColumns(),
                        WORD,
                        Optional.empty(),
                        java.time.Duration.ofMinutes(1));
        Map<String, Integer> movedTo = new LinkedHashMap<>();
        for (GroupKey key : initial.keySet()) {
            ConsumerRecord<byte[], byte[]> input = new ConsumerRecord<>("in", 0, 0L, null, null);
            movedTo.put(
                    (String) key.get(0),
                    repartitioner.record(input, row(WORD, key.get(0), null), 0).partition());
        }
        Map<String, Integer> seededIn = new LinkedHashMap<>();

        try (StateStores stores = StateStores.open(new StateSettings(directory, 32L << 20))) {
            for (int partition = 0; partition < TASKS; partition++) {
                for (String word : firstBatch(stores, operator, partition)) {
                    seededIn.put(word, partition);
                }
            }
        }

        assertThat(seededIn).isEqualTo(movedTo);
        assertThat(Set.copyOf(movedTo.values())).hasSize(TASKS);
    }

    /** The words a task emits in its first batch, without input: the keys it seeded. */
    private static List<String> firstBatch(
            StateStores stores, StatefulOperator operator, int partition) {
        List<String> words = new ArrayList<>();
        try (TaskStore store =
                stores.openTask(
                        new TaskStoreId("seeding", "moves-" + partition),
                        Set.copyOf(operator.stores()))) {
            TaskOperator task =
                    operator.open(store, new StateBatch(), new TaskInfo(partition, TASKS, true));
            task.finish(Long.MIN_VALUE, Long.MIN_VALUE, 0, row -> words.add((String) row.get(0)));
        }
        return words;
    }

    private static GenericRecord row(Schema schema, Object word, Long count) {
        GenericRecord row = new GenericData.Record(schema);
        row.put("word", word);
        if (count != null) {
            row.put("count", count);
        }
        return row;
    }
}
