package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Killed runs drive a pipeline process over its input with SIGKILLs in between: each run is killed
 * once the group's lag fell past the next mark, the local state directory is deleted before every
 * other restart (so state must come back from the changelogs), and the last run goes to the end.
 */
final class KilledRuns {
    private KilledRuns() {}

    /**
     * Runs until the input is done after {@code kills} kills, and returns how many kills happened.
     *
     * @param records the input records, for the lag marks
     * @param work where each run's log goes
     */
    static int run(
            KafkaCluster kafka,
            String group,
            String input,
            long records,
            int kills,
            Path pipeline,
            Path state,
            Path work)
            throws IOException {
        return run(kafka, group, List.of(input), records, kills, pipeline, state, work);
    }

    /**
     * Runs as {@link #run(KafkaCluster, String, String, long, int, Path, Path, Path)} does over
     * several input topics (a stream-stream join's two streams), the lag summed over them.
     *
     * @param records the input records of all the topics, for the lag marks
     */
    static int run(
            KafkaCluster kafka,
            String group,
            List<String> inputs,
            long records,
            int kills,
            Path pipeline,
            Path state,
            Path work)
            throws IOException {
        int killed = 0;
        for (int run = 1; ; run++) {
            if (run % 2 == 0) {
                deleteRecursively(state); // the restart must rebuild state from the changelog
            }
            JvmProcess processor = start(kafka, pipeline, state, work, run);
            if (killed < kills) {
                long lagBelow = records * (kills + 1 - killed) / (kills + 2);
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .ignoreExceptions()
                        .until(() -> lag(kafka, group, inputs) < lagBelow || !processor.isAlive());
                if (processor.isAlive()) {
                    processor.kill();
                    killed++;
                    continue;
                }
            }
            int exit = processor.waitFor(Duration.ofMinutes(3));
            assertThat(exit).as(processor.output()).isZero();
            return killed;
        }
    }

    private static long lag(KafkaCluster kafka, String group, List<String> inputs)
            throws Exception {
        long lag = 0;
        for (String input : inputs) {
            lag += ConsumerGroups.lag(kafka, group, input);
        }
        return lag;
    }

    /** Starts run number {@code run} of {@code pipeline}, its log under {@code work}. */
    static JvmProcess start(KafkaCluster kafka, Path pipeline, Path state, Path work, int run) {
        return SluiceProcess.run(
                kafka,
                pipeline,
                "crash",
                work.resolve("run-" + run + ".log"),
                "--state-dir",
                state.toString());
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
