package io.sluice.topologies.examples;

import io.sluice.processor.dstream.DStream;
import io.sluice.processor.dstream.KeyValue;
import io.sluice.processor.dstream.PairDStream;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running word count over the DStream test kit: three batches of lines, counts kept by {@code
 * updateStateByKey} from an initial state, printed per batch (most frequent first), and the words
 * of the last two batches counted by a window.
 *
 * <pre>{@code
 * java -cp "topologies/target/classes:processor/target/classes" \
 *     io.sluice.topologies.examples.RunningWordCount
 * }</pre>
 */
public final class RunningWordCount {

    private static final Comparator<KeyValue<String, Integer>> MOST_FREQUENT =
            Comparator.comparing((KeyValue<String, Integer> count) -> count.value())
                    .reversed()
                    .thenComparing(KeyValue::key);

    private RunningWordCount() {}

    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing each batch's output to {@code out}. */
    static void run(PrintStream out) {
        StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));
        QueueStream<String> lines = kit.queueStream();
        PairDStream<String, Integer> words =
                lines.stream()
                        .flatMap(line -> Arrays.asList(line.split(" ")))
                        .mapToPair(word -> KeyValue.of(word, 1));
        DStream<KeyValue<String, Integer>> totals =
                words.updateStateByKey(RunningWordCount::add, Map.of("hello", 1, "world", 1))
                        .transform(counts -> counts.stream().sorted(MOST_FREQUENT).toList());
        totals.print(10, out);
        words.reduceByKeyAndWindow(
                        Integer::sum,
                        (a, b) -> a - b,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        1,
                        count -> count.value() != 0) // as in Spark, drops words that left
                .transform(counts -> counts.stream().sorted(MOST_FREQUENT).toList())
                .print(10, out);
        kit.start();

        lines.addBatch("hello sluice", "hello streams");
        lines.addBatch("world of streams");
        lines.addBatch("hello");
        kit.advanceBatches(4);
    }

    private static Optional<Integer> add(List<Integer> values, Optional<Integer> count) {
        return Optional.of(count.orElse(0) + values.size());
    }
}
