package io.sluice.bench.failover;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's input: every key once to fill the state, then a steady rate of updates to keys
 * drawn at random, each record keyed by its {@code Key} (so its partition is its task).
 */
final class InputFeed implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int keys;
    private final int ratePerSecond;
    private final Thread thread;
    private volatile boolean running = true;

    private InputFeed(String bootstrap, String topic, int keys, int ratePerSecond) {
        this.producer = producer(bootstrap);
        this.topic = topic;
        this.keys = keys;
        this.ratePerSecond = ratePerSecond;
        this.thread = new Thread(this::run, "input-feed");
        thread.setDaemon(true);
    }

    /** Writes each of {@code keys} keys once. */
    static void load(String bootstrap, String topic, int keys) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (int i = 0; i < keys; i++) {
                send(producer, topic, i, i % 100, FailoverMain.DAY_START_MS + i % 1000);
            }
            producer.flush();
        }
    }

    /** Starts writing {@code ratePerSecond} records a second to random keys, in 10 ms slices. */
    static InputFeed start(String bootstrap, String topic, int keys, int ratePerSecond) {
        InputFeed feed = new InputFeed(bootstrap, topic, keys, ratePerSecond);
        feed.thread.start();
        return feed;
    }

    private void run() {
        SplittableRandom random = new SplittableRandom(17);
        long sliceNanos = 10_000_000L;
        long started = System.nanoTime();
        long next = started;
        long sent = 0;
        while (running) {
            long due = (next - started + sliceNanos) * ratePerSecond / 1_000_000_000L;
            long elapsedMs = (next - started) / 1_000_000L;
            for (; sent < due; sent++) {
                send(
                        producer,
                        topic,
                        random.nextInt(keys),
                        random.nextInt(100),
                        FailoverMain.DAY_START_MS + 1000 + elapsedMs % 80_000_000L);
            }
            next += sliceNanos;
            LockSupport.parkNanos(next - System.nanoTime()); // pacing the load
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, int key, int amount, long time) {
        String name = "key-" + key;
        String json =
                "{\"Key\": \"" + name + "\", \"Amount\": " + amount + ", \"Time\": " + time + "}";
        producer.send(
                new ProducerRecord<>(
                        topic,
                        name.getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8)));
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
