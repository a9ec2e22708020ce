package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Engine runs of one test on a real broker, their local state in one directory: runners, the output
 * rows as text, the keys left in a task's stores, and losing the local state.
 */
final class EngineRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaCluster kafka;
    private final Path state;

    EngineRuns(KafkaCluster kafka, Path state) {
        this.kafka = kafka;
        this.state = state;
    }

    /** The settings of instance "it", its state under the test's directory. */
    EngineSettings settings() {
        return EngineSettings.of(kafka.bootstrapServers(), "it").withStateDirectory(state);
    }

    /** A runner of {@code plan} as instance "it", its state under the test's directory. */
    PipelineRunner runner(PipelinePlan plan) {
        return runner(plan, EngineListener.NONE);
    }

    /** A runner of {@code plan} as instance "it" that reports to {@code listener}. */
    PipelineRunner runner(PipelinePlan plan, EngineListener listener) {
        return new PipelineRunner(plan, settings(), System.out, listener);
    }

    /** Runs {@code plan} to its end (an availableNow trigger); returns the run's counts. */
    BatchCounters run(PipelinePlan plan) {
        return run(plan, EngineListener.NONE);
    }

    /** Runs {@code plan} to its end, reporting to {@code listener}; returns the run's counts. */
    BatchCounters run(PipelinePlan plan, EngineListener listener) {
        PipelineRunner runner = runner(plan, listener);
        assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        return runner.totals();
    }

    /** The local state directory of {@code plan}'s task {@code task} (e.g. "input-0"). */
    Path taskDirectory(PipelinePlan plan, String task) {
        return new TaskStoreId(plan.name(), task).directory(state);
    }

    /** The JSON rows of {@code topic}, each as {@code format} gives it, in the order written. */
    List<String> rows(String topic, Function<JsonNode, String> format) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String value : Topics.readCommittedValues(kafka, topic)) {
            rows.add(format.apply(JSON.readTree(value)));
        }
        return rows;
    }

    /** The number of keys in each of {@code stores} of a task, read from its RocksDB. */
    List<Long> keyCounts(PipelinePlan plan, String task, String... stores) {
        try (StateStores opened = StateStores.open(StateSettings.defaults(state));
                TaskStore store =
                        opened.openTask(new TaskStoreId(plan.name(), task), Set.of(stores))) {
            List<Long> counts = new ArrayList<>();
            for (String name : stores) {
                counts.add(store.countKeys(name));
            }
            return counts;
        }
    }

    /** Deletes the local state, as a lost disk would: the next run restores it from changelogs. */
    void deleteLocalState() throws IOException {
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.equals(state)) {
                    Files.delete(file);
                }
            }
        }
    }
}
