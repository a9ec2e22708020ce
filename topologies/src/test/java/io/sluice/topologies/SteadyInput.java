package io.sluice.topologies;

import io.sluice.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A steady input: record {@code i} (from {@code 0}, made by a function of {@code i}) sent at a
 * fixed rate by one producer in a thread of its own, until stopped. Each record carries its send
 * time (epoch ms) as its Kafka timestamp, and that time is kept per record for latency figures.
 */
final class SteadyInput implements AutoCloseable {
    private static final int TICKS_PER_SECOND = 50;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final long[] sentAtMs;
    private final CompletableFuture<Void> producing;

    /**
     * Starts sending {@code perSecond} records a second to {@code topic}, at most {@code max}.
     *
     * @param value the record value of record {@code i}
     */
    SteadyInput(
            KafkaCluster kafka, String topic, int perSecond, int max, IntFunction<String> value) {
        this.sentAtMs = new long[max];
        this.producing =
                CompletableFuture.runAsync(() -> produce(kafka, topic, perSecond, max, value));
    }

    private void produce(
            KafkaCluster kafka, String topic, int perSecond, int max, IntFunction<String> value) {
        int perTick = perSecond / TICKS_PER_SECOND;
        long tickNanos = Duration.ofSeconds(1).toNanos() / TICKS_PER_SECOND;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            long next = System.nanoTime();
            int i = 0;
            while (!stopping.get() && i < max) {
                for (int n = 0; n < perTick && i < max; n++, i++) {
                    long now = System.currentTimeMillis();
                    sentAtMs[i] = now;
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    null,
                                    now,
                                    null,
                                    value.apply(i).getBytes(StandardCharsets.UTF_8)),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                }
                producer.flush(); // acknowledged before they count as sent
                sent.set(i);
                next += tickNanos;
                LockSupport.parkNanos(next - System.nanoTime()); // pacing a load generator
            }
        }
    }

    /** How many records have been sent and acknowledged so far. */
    int sent() {
        return sent.get();
    }

    /** The send time of record {@code i}, epoch ms. */
    long sentAtMs(int i) {
        return sentAtMs[i];
    }

    /** Stops sending and returns how many records were sent, all acknowledged. */
    int stop() {
        stopping.set(true);
        producing.join();
        if (failure.get() != null) {
            throw new IllegalStateException("a send failed", failure.get());
        }
        return sent.get();
    }

    @Override
    public void close() {
        stop();
    }
}
