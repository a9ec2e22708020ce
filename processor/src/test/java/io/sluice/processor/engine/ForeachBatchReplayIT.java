package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a batch id always covers the same offset ranges. A foreachBatch function that writes
 * each batch elsewhere is killed inside a batch (planned, not committed) while more input arrives;
 * the restarted pipeline must call it again with the same batch id and the same rows, so that the
 * function can drop a batch it has already written. Re-planning from the committed offsets would
 * have taken the new input into the replayed batch.
 */
@ExtendWith(KafkaClusterExtension.class)
class ForeachBatchReplayIT {
    private final KafkaCluster kafka;

    @TempDir Path work;

    ForeachBatchReplayIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldCallTheFunctionWithTheSameIdAndRowsWhenKilledBetweenPlanAndCommit()
            throws IOException {
        String name = kafka.uniqueTopic("foreach");
        String input = name + "-in";
        kafka.createTopics(1, input);
        Path calls = work.resolve("calls.tsv");
        Topics.produce(kafka, input, values(0, 100));
        JvmProcess first = recorder(input, name, calls, 2, "continuous", "run-1.log");
        await().atMost(Duration.ofMinutes(2))
                .until(() -> lines(calls).size() >= 1 || !first.isAlive());

        Topics.produce(kafka, input, values(100, 300)); // batch 1 takes these, then dies
        await().atMost(Duration.ofMinutes(2)).until(() -> !first.isAlive());
        Topics.produce(kafka, input, values(300, 350)); // arrives before the restart
        JvmProcess second = recorder(input, name, calls, 0, "availableNow", "run-2.log");
        assertThat(second.waitFor(Duration.ofMinutes(3))).as(second.output()).isZero();

        Map<Long, List<String>> firstSeen = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>();
        for (String line : lines(calls)) {
            String[] parts = line.split("\t", -1);
            long id = Long.parseLong(parts[0]);
            List<String> rows = parts[1].isEmpty() ? List.of() : Arrays.asList(parts[1].split(","));
            ids.add(id);
            List<String> earlier = firstSeen.putIfAbsent(id, rows);
            assertThat(earlier == null ? rows : earlier)
                    .as("batch %s replayed with other rows", id)
                    .isEqualTo(rows);
        }
        assertThat(first.output()).doesNotContain("Exception");
        assertThat(ids.stream().filter(id -> id == 1L)).hasSize(2); // called, killed, replayed
        List<String> everyRow = new ArrayList<>();
        firstSeen.values().forEach(everyRow::addAll);
        assertThat(everyRow)
                .containsExactlyElementsOf(
                        values(0, 350).stream().map(String::toUpperCase).toList());
    }

    private JvmProcess recorder(
            String input, String name, Path calls, int haltOnCall, String trigger, String log) {
        return JvmProcess.start(
                ForeachBatchRecorder.class.getName(),
                List.of(
                        kafka.bootstrapServers(),
                        input,
                        name,
                        calls.toString(),
                        Integer.toString(haltOnCall),
                        trigger),
                work.resolve(log));
    }

    private static List<String> values(int from, int until) {
        return IntStream.range(from, until).mapToObj(i -> "v" + i).toList();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
