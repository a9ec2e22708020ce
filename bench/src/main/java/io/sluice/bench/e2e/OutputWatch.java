package io.sluice.bench.e2e;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@code read_committed} consumer, on a thread of its own, that counts what a workload has made
 * visible in its output topic and when, and the latency of records that carry their send time.
 *
 * <p>A record's latency is the time it was received here minus the {@value #SENT_HEADER} header the
 * {@link RateProducer} of this same JVM put on it, both on the {@link System#nanoTime()} clock.
 * Only records sent inside the window given to {@link #measure} count.
 */
final class OutputWatch implements AutoCloseable {
    /** The header that carries a record's send time, 8 bytes of {@link System#nanoTime()}. */
    static final String SENT_HEADER = "bench-sent-ns";

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long AWAIT_STEP_MS = 50;
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Object progress = new Object();
    private volatile boolean running = true;
    private volatile long count;
    private volatile long firstNanos;
    private volatile long lastNanos;
    private volatile long markThreshold = Long.MAX_VALUE;
    private volatile long markNanos;
    private volatile long markCount;
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private volatile long measureUntilNanos = Long.MIN_VALUE;
    private volatile long measured;
    private volatile RuntimeException failure;
    private long[] latenciesNanos = new long[1 << 16];

    private OutputWatch(String bootstrap, String topic) {
        this.consumer = new KafkaConsumer<>(config(bootstrap));
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "output-watch-" + topic);
    }

    /** Starts watching {@code topic}, an existing topic, from its beginning. */
    static OutputWatch start(String bootstrap, String topic) {
        OutputWatch watch = new OutputWatch(bootstrap, topic);
        watch.thread.start();
        return watch;
    }

    /** Measures the latency of the records sent in [{@code fromNanos}, {@code untilNanos}). */
    void measure(long fromNanos, long untilNanos) {
        measureUntilNanos = untilNanos;
        measureFromNanos = fromNanos;
    }

    /** Notes when and at which count the records seen first reach {@code threshold}. */
    void markAt(long threshold) {
        markThreshold = threshold;
    }

    /** When the count first reached the {@link #markAt} threshold; 0 if it has not. */
    long markNanos() {
        return markNanos;
    }

    /** The count at that moment: the threshold or more, as records arrive in batches. */
    long markCount() {
        return markCount;
    }

    /** The records seen so far. */
    long count() {
        return count;
    }

    /** The records seen so far that were sent inside the measured window. */
    long measured() {
        return measured;
    }

    /** When the first record was seen, on the {@link System#nanoTime()} clock; 0 if none. */
    long firstNanos() {
        return firstNanos;
    }

    /** When the latest record was seen, on the {@link System#nanoTime()} clock; 0 if none. */
    long lastNanos() {
        return lastNanos;
    }

    /**
     * Waits until {@code enough} is true, the deadline (on the {@link System#nanoTime()} clock)
     * passes or {@code alive} turns false (the workload has exited).
     *
     * @return whether {@code enough} became true
     */
    boolean await(BooleanSupplier enough, long deadlineNanos, BooleanSupplier alive)
            throws InterruptedException {
        synchronized (progress) {
            while (!enough.getAsBoolean()) {
                if (failure != null) {
                    throw failure;
                }
                if (System.nanoTime() > deadlineNanos || !alive.getAsBoolean()) {
                    return enough.getAsBoolean();
                }
                progress.wait(AWAIT_STEP_MS);
            }
            return true;
        }
    }

    /** The latencies measured, in nanoseconds, sorted; call after {@link #stop()}. */
    long[] sortedLatenciesNanos() {
        long[] sorted = Arrays.copyOf(latenciesNanos, (int) measured);
        Arrays.sort(sorted);
        return sorted;
    }

    /** Stops the watch; idempotent. */
    void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        try (consumer) {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    observe(records, System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // close() ends the watch
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void observe(ConsumerRecords<byte[], byte[]> records, long now) {
        long from = measureFromNanos;
        long until = measureUntilNanos;
        int n = (int) measured;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Header sent = record.headers().lastHeader(SENT_HEADER);
            if (sent == null) {
                continue;
            }
            long sentNanos = ByteBuffer.wrap(sent.value()).getLong();
            if (sentNanos >= from && sentNanos < until) {
                if (n == latenciesNanos.length) {
                    latenciesNanos = Arrays.copyOf(latenciesNanos, n * 2);
                }
                latenciesNanos[n++] = now - sentNanos;
            }
        }
        synchronized (progress) {
            if (firstNanos == 0) {
                firstNanos = now;
            }
            lastNanos = now;
            count += records.count();
            if (markNanos == 0 && count >= markThreshold) {
                markNanos = now;
                markCount = count;
            }
            measured = n;
            progress.notifyAll();
        }
    }

    /** The partitions of a topic just created, waiting for its metadata to reach the broker. */
    private static List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer, String topic) {
        long deadline = System.nanoTime() + METADATA_TIMEOUT.toNanos();
        while (true) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException(
                        "topic " + topic + " has no partitions after " + METADATA_TIMEOUT);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static Map<String, Object> config(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Large fetches, so that a poll returns about all that is visible: a transaction that
        // makes a whole batch visible at once is seen at once, not over many small polls.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000_000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 256 * 1024 * 1024);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
