package io.sluice.bench.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Follows the pipeline's output (read_committed, as a downstream consumer sees it) and keeps, per
 * task, the times output of that task arrived: once per poll that brought any.
 *
 * <p>A row's task is the input partition of its key ({@code murmur2(key) % partitions}, the
 * producer's default partitioner; the source is declared {@code partitionedBy: [Key]}, so the task
 * that aggregates a key is the partition it was written to). Times are {@link System#nanoTime()}.
 */
final class OutputWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int partitions;
    private final List<List<Long>> arrivals = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    OutputWatch(String bootstrap, String topic, int partitions) {
        this.partitions = partitions;
        for (int i = 0; i < partitions; i++) {
            arrivals.add(new ArrayList<>());
        }
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                                20,
                                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                50_000),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
            all.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(all);
        consumer.seekToEnd(all);
        thread = new Thread(this::run, "output-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The task that aggregates {@code key}. */
    static int taskOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void run() {
        try {
            boolean[] seen = new boolean[partitions];
            while (running) {
                java.util.Arrays.fill(seen, false);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    seen[taskOf(keyOf(record.value()), partitions)] = true;
                }
                long now = System.nanoTime();
                synchronized (arrivals) {
                    for (int task = 0; task < partitions; task++) {
                        if (seen[task]) {
                            arrivals.get(task).add(now);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private static String keyOf(byte[] value) {
        try {
            JsonNode row = JSON.readTree(value);
            return row.get("Key").asText();
        } catch (IOException e) {
            throw new IllegalStateException("an output row that is no JSON with a Key", e);
        }
    }

    /** The arrivals of {@code task}'s output at or after {@code fromNanos}. */
    List<Long> arrivals(int task, long fromNanos) {
        checkRunning();
        synchronized (arrivals) {
            List<Long> times = arrivals.get(task);
            List<Long> after = new ArrayList<>();
            for (int i = times.size() - 1; i >= 0 && times.get(i) >= fromNanos; i--) {
                after.add(0, times.get(i));
            }
            return after;
        }
    }

    /** The last arrival of {@code task}'s output before {@code beforeNanos}, or -1 if none. */
    long lastBefore(int task, long beforeNanos) {
        synchronized (arrivals) {
            List<Long> times = arrivals.get(task);
            for (int i = times.size() - 1; i >= 0; i--) {
                if (times.get(i) < beforeNanos) {
                    return times.get(i);
                }
            }
            return -1;
        }
    }

    private void checkRunning() {
        if (failure != null) {
            throw new IllegalStateException("the output watch failed", failure);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
