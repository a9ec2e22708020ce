package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.groupstate.FlatMapGroupsWithStateFunction;
import io.sluice.processor.stateful.groupstate.GroupStateSteps;
import io.sluice.processor.stateful.groupstate.GroupStateTimeout;
import io.sluice.processor.stateful.groupstate.StateCodec;
import io.sluice.processor.window.GroupKey;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group-state steps on a real broker: updateStateByKey with an initial state (one availableNow run
 * is one batch), a processing-time timeout fired by a batch without input, and state restored from
 * the changelogs after the local state directory is deleted.
 */
@ExtendWith(KafkaClusterExtension.class)
class GroupStateIT {
    private static final Schema WORD =
            SchemaBuilder.record("Word").fields().requiredString("word").endRecord();
    private static final Schema COUNT =
            SchemaBuilder.record("WordCount")
                    .fields()
                    .requiredString("word")
                    .requiredLong("count")
                    .endRecord();

    private final KafkaCluster kafka;

    @TempDir Path state;

    private EngineRuns runs;

    @BeforeEach
    void newRuns() {
        runs = new EngineRuns(kafka, state);
    }

    GroupStateIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldEmitTheWholeRunningCountEachBatchWhenUpdatingStateByKeyFromAnInitialState()
            throws Exception {
        String input = kafka.uniqueTopic("words");
        String output = kafka.uniqueTopic("word-counts");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                plan(
                        kafka.uniqueTopic("wordcount"),
                        input,
                        output,
                        wordCount(),
                        new Trigger.AvailableNow());

        List<List<String>> perBatch =
                runBatches(
                        plan,
                        output,
                        List.of(words("hello", "foo"), words("world", "world", "bar")));

        assertThat(perBatch.get(0)).containsExactlyInAnyOrder("hello=2", "world=1", "foo=1");
        assertThat(perBatch.get(1))
                .containsExactlyInAnyOrder("hello=2", "world=3", "foo=1", "bar=1");
    }

    @Test
    void shouldRestoreTheStateFromTheChangelogWhenTheLocalStateDirectoryIsDeleted()
            throws Exception {
        String input = kafka.uniqueTopic("words");
        String output = kafka.uniqueTopic("word-counts");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                plan(
                        kafka.uniqueTopic("wordcount"),
                        input,
                        output,
                        wordCount(),
                        new Trigger.AvailableNow());
        Topics.produce(kafka, input, words("hello", "foo"));
        runs.run(plan);
        int firstRows = Topics.readCommittedValues(kafka, output).size();

        deleteContents(state);
        Topics.produce(kafka, input, words("hello"));
        runs.run(plan);

        List<String> all = rows(output);
        assertThat(firstRows).isEqualTo(3);
        // neither lost (hello=2) nor seeded again (hello=2, world=1 from the initial state)
        assertThat(all.subList(firstRows, all.size()))
                .containsExactlyInAnyOrder("hello=3", "world=1", "foo=1");
    }

    @Test
    void shouldEmitASessionRowWhenAKeyGoesQuietWithAProcessingTimeTimeout() throws Exception {
        String input = kafka.uniqueTopic("clicks");
        String output = kafka.uniqueTopic("sessions");
        kafka.createTopics(1, input);
        FlatMapGroupsWithStateFunction<Long> session =
                (key, rows, clicks) -> {
                    if (clicks.hasTimedOut()) {
                        long total = clicks.get();
                        clicks.remove();
                        return List.of(count(key.get(0), total)).iterator();
                    }
                    clicks.update(clicks.getOption().orElse(0L) + rows.size());
                    clicks.setTimeoutDuration(Duration.ofMillis(500));
                    return Collections.emptyIterator();
                };
        StatefulOperator sessions =
                GroupStateSteps.flatMapGroupsWithState(
                        GroupStateSteps.keyColumns(WORD, "word"),
                        COUNT,
                        StateCodec.longs(),
                        GroupStateTimeout.PROCESSING_TIME,
                        session);
        PipelinePlan plan =
                plan(
                        kafka.uniqueTopic("sessions"),
                        input,
                        output,
                        sessions,
                        new Trigger.AsFastAsPossible());
        PipelineRunner runner = runs.runner(plan);
        CompletableFuture<PipelineRunner.Outcome> run = CompletableFuture.supplyAsync(runner::run);

        Topics.produce(kafka, input, words("ann", "bob", "ann", "ann"));
        await().atMost(Duration.ofMinutes(1))
                .failFast("the pipeline stopped", run::isDone)
                .untilAsserted(
                        () -> assertThat(rows(output)).containsExactlyInAnyOrder("ann=3", "bob=1"));
        runner.stop();

        assertThat(run.get(1, TimeUnit.MINUTES)).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(rows(output)).containsExactlyInAnyOrder("ann=3", "bob=1");
        try (StateStores stores = StateStores.open(StateSettings.defaults(state));
                TaskStore task =
                        stores.openTask(
                                new TaskStoreId(plan.name(), input + "-0"),
                                Set.copyOf(sessions.stores()))) {
            for (String store : sessions.stores()) {
                assertThat(task.countKeys(store)).as(store).isZero();
            }
        }
    }

    /** Counts words, starting from hello=1 and world=1. */
    private static StatefulOperator wordCount() {
        return GroupStateSteps.updateStateByKey(
                GroupStateSteps.keyColumns(WORD, "word"),
                row -> 1L,
                (ones, total) -> Optional.of(total.orElse(0L) + ones.size()),
                StateCodec.longs(),
                Map.of(GroupKey.of("hello"), 1L, GroupKey.of("world"), 1L),
                COUNT,
                (key, total) -> count(key.get(0), total));
    }

    private List<List<String>> runBatches(
            PipelinePlan plan, String output, List<List<String>> batches) throws IOException {
        List<List<String>> perBatch = new ArrayList<>();
        int seen = 0;
        for (List<String> batch : batches) {
            Topics.produce(kafka, plan.source().topics().get(0), batch);
            runs.run(plan);
            List<String> all = rows(output);
            perBatch.add(all.subList(seen, all.size()));
            seen = all.size();
        }
        return perBatch;
    }

    private static PipelinePlan plan(
            String name, String input, String output, StatefulOperator operator, Trigger trigger) {
        StatefulStage stage =
                GroupStateSteps.stage(
                        operator, new EventTime.RecordTimestamp(), Optional.empty(), List.of());
        return WindowedPipelines.json(name, input, output, WORD, Map.of(), stage, trigger);
    }

    /** The output rows as "word=count", in the order they were written. */
    private List<String> rows(String topic) throws IOException {
        return runs.rows(topic, row -> row.get("word").asText() + "=" + row.get("count").asLong());
    }

    private static GenericRecord count(Object word, long count) {
        GenericRecord row = new GenericData.Record(COUNT);
        row.put("word", word);
        row.put("count", count);
        return row;
    }

    private static List<String> words(String... words) {
        List<String> values = new ArrayList<>();
        for (String word : words) {
            values.add("{\"word\": \"" + word + "\"}");
        }
        return values;
    }

    private static void deleteContents(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.equals(directory))
                    .forEach(
                            path -> {
                                try {
                                    Files.delete(path);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        }
    }
}
