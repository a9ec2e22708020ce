package io.sluice.processor.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's liveness beats to the pipeline's members topic: a small record keyed by
 * the instance id every interval, from a thread of its own so that a long batch never delays one.
 *
 * <p>A beat's value is {@code alive@<epoch ms>;incarnation=<id>;lifeline=<host:port>}: the time is
 * for people reading the topic (the watchers use the time they read it), the incarnation names this
 * process among the instance's restarts, and the lifeline is where the others hold a connection to
 * it ({@link Lifeline}); the last two are absent when there is no lifeline. {@link #close(boolean)}
 * on a clean stop writes a tombstone, so the other instances never act on this one's silence. Sends
 * are asynchronous and never retried: a beat that fails is simply missing, and enough missing beats
 * make the others remove this instance from the group, which costs a rebalance, never a wrong
 * result.
 */
final class MemberBeats implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemberBeats.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String topic;
    private final byte[] key;
    private final String tags;
    private final long intervalNanos;
    private final Producer<byte[], byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastFailure;

    private MemberBeats(
            String topic,
            String instanceId,
            Beat self,
            Duration interval,
            Producer<byte[], byte[]> producer) {
        this.topic = topic;
        this.key = instanceId.getBytes(StandardCharsets.UTF_8);
        this.tags = self.tags();
        this.intervalNanos = interval.toNanos();
        this.producer = producer;
        this.thread = new Thread(this::run, "sluice-beats-" + instanceId);
        thread.setDaemon(true);
    }

    /** What a beat says besides the time: the process and its lifeline, both null without one. */
    record Beat(String incarnation, String lifeline) {
        private static final String INCARNATION = ";incarnation=";
        private static final String LIFELINE = ";lifeline=";

        /**
         * The beat in {@code value}; its fields null where an older or lifeline-less beat has none.
         */
        static Beat parse(byte[] value) {
            String text = new String(value, StandardCharsets.UTF_8);
            return new Beat(field(text, INCARNATION), field(text, LIFELINE));
        }

        private static String field(String text, String name) {
            int at = text.indexOf(name);
            if (at < 0) {
                return null;
            }
            int from = at + name.length();
            int end = text.indexOf(';', from);
            return text.substring(from, end < 0 ? text.length() : end);
        }

        boolean hasLifeline() {
            return incarnation != null && lifeline != null;
        }

        String tags() {
            return hasLifeline() ? INCARNATION + incarnation + LIFELINE + lifeline : "";
        }
    }

    /** Starts beating into {@code topic} every {@code interval}, telling {@code self}. */
    static MemberBeats start(EngineSettings settings, String topic, Beat self, Duration interval) {
        Map<String, Object> config = new HashMap<>(settings.clientConfig());
        config.putAll(settings.producerConfig());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, topic + "-" + settings.instanceId());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        // a beat late by a timeout is worthless: never block or buffer longer than that
        long timeoutMs = Math.max(1_000, settings.peerTimeout().toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        MemberBeats beats =
                new MemberBeats(
                        topic, settings.instanceId(), self, interval, new KafkaProducer<>(config));
        beats.thread.start();
        return beats;
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            beat();
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait < 0) {
                next = System.nanoTime(); // paused (GC, starved CPU): beat now, no burst after
            } else {
                LockSupport.parkNanos(wait); // pacing a timer; close() unparks
            }
        }
    }

    private void beat() {
        byte[] value =
                ("alive@" + System.currentTimeMillis() + tags).getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, key, value), this::sent);
        } catch (KafkaException e) {
            failed(e);
        }
    }

    private void sent(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        if (e != null) {
            failed(e);
        } else if (lastFailure != null) {
            log.info("Liveness beats to {} are written again", topic);
            lastFailure = null;
        }
    }

    private void failed(Exception e) {
        if (lastFailure == null) {
            log.warn(
                    "A liveness beat to {} failed ({}); if beats stay missing for"
                            + " group.peer.timeout.ms the other instances take this one's"
                            + " partitions",
                    topic,
                    e.toString());
        }
        lastFailure = e.toString();
    }

    /** Stops beating; on a clean stop ({@code leaving}) writes a tombstone first. */
    void close(boolean leaving) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (leaving) {
                producer.send(new ProducerRecord<>(topic, key, null))
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Cannot write the leaving beat to {}: {}", topic, e.toString());
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /** Stops beating without a tombstone, as after a failure: the others may act on the silence. */
    @Override
    public void close() {
        close(false);
    }
}
