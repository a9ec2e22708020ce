package io.sluice.processor.dstream.kafka;

import io.sluice.processor.dstream.DStream;
import io.sluice.processor.dstream.StreamingContext;
import io.sluice.processor.engine.CheckpointTopic;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.ForeachBatchFunction;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.SourcePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.FormatSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A Kafka streaming job runs a DStream graph on the batch engine: each micro-batch the engine reads
 * (its offset ranges, decoded into rows) is one batch of the graph's input stream, and the records
 * the graph sends with {@link #toKafka} go out in that batch's transaction, with its offsets.
 *
 * <p>The graph's batch times are logical: one batch interval per engine batch, so the same inputs
 * in the same batches give the same outputs as the test kit's {@code StreamingTestKit}.
 *
 * <p>The graph's state (remembered batches for windows, {@code updateStateByKey} and window
 * reductions) is checkpointed after every batch into {@code <name>-dstream-checkpoint} (compacted,
 * one partition) in the batch's transaction, with its outputs and offsets: a restarted job restores
 * the checkpoint that goes with the committed offsets, and a batch whose commit fails is undone in
 * memory before it runs again. Records and state must be {@link java.io.Serializable} (Avro rows
 * are handled), as with Spark Streaming's checkpoints; run one instance per job.
 *
 * <p>Build the graph on {@link #input()}, add {@link #toKafka} outputs, then {@link #runner} it.
 */
public final class KafkaStreamingJob {
    private static final byte[] CHECKPOINT_KEY = "checkpoint".getBytes(StandardCharsets.UTF_8);

    private final String name;
    private final Duration batchInterval;
    private final SourcePlan source;
    private final GraphClock clock = new GraphClock();
    private final StreamingContext context;
    private final EngineRows engineRows = new EngineRows();
    private final DStream<GenericRecord> input;
    private final List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();
    private final String checkpointTopic;
    private boolean started;
    private long graphTimeMs; // the last batch's time on the graph's clock
    private byte[] committedCheckpoint; // what a failed batch goes back to
    private byte[] batchCheckpoint; // the checkpoint of the batch waiting for its commit

    private KafkaStreamingJob(String name, Duration batchInterval, SourcePlan source) {
        for (String topic : source.topics()) {
            requireNotInternal(name, topic, "source");
            requireApart(
                    !topic.equals(ErrorHandling.defaultDeadLetterTopic(name)),
                    "source topic '%s' is also the job's dead-letter topic (%s): a record that"
                            + " fails to decode would be read again, fail again and be written"
                            + " there again, forever; expected another source topic, or another"
                            + " job name",
                    topic,
                    ErrorHandling.defaultDeadLetterTopic("<name>"));
        }
        this.name = name;
        this.batchInterval = batchInterval;
        this.source = source;
        this.context = new StreamingContext(batchInterval, clock);
        this.input = context.inputStream(engineRows);
        this.checkpointTopic = InternalTopics.checkpoint(name);
    }

    /**
     * A job named {@code name} (its consumer group and transactional id prefix) reading JSON
     * records of {@code schema} from {@code topic}, one graph batch per engine batch.
     *
     * @throws IllegalArgumentException when {@code topic} is the job's dead-letter topic ({@code
     *     <name>-dlq}) or one of its {@link InternalTopics}
     */
    public static KafkaStreamingJob json(
            String name, String topic, Schema schema, Duration batchInterval) {
        FormatSpec json = FormatSpec.of("json", Map.of(), Path.of("."));
        SourcePlan source =
                new SourcePlan(
                        List.of(topic),
                        "json",
                        schema,
                        () -> Codecs.decoder(json, schema),
                        SourcePlan.StartingOffsets.EARLIEST);
        return new KafkaStreamingJob(name, batchInterval, source);
    }

    /** The graph's context, for {@code remember} and for streams built outside {@link #input}. */
    public StreamingContext context() {
        return context;
    }

    /** The input stream: each engine batch's decoded rows, in the order they were read. */
    public DStream<GenericRecord> input() {
        return input;
    }

    /**
     * Sends each record of {@code stream} to {@code topic} in the transaction of the batch that
     * made it, with the UTF-8 key and value the functions give (a null key leaves it empty).
     *
     * @throws IllegalArgumentException when {@code topic} is the source topic, the job's
     *     dead-letter topic ({@code <name>-dlq}) or one of its {@link InternalTopics}
     */
    public <T> void toKafka(
            DStream<T> stream, String topic, Function<T, String> key, Function<T, String> value) {
        requireNotInternal(name, topic, "output");
        requireApart(
                !source.topics().contains(topic),
                "output topic '%s' is also the job's source topic: the job would read its own"
                        + " output and write it again, forever; expected a topic the job does not"
                        + " read",
                topic);
        requireApart(
                !topic.equals(ErrorHandling.defaultDeadLetterTopic(name)),
                "output topic '%s' is also the job's dead-letter topic (%s): records that failed"
                        + " to decode would be written among the output, where its readers would"
                        + " take them for output; expected another output topic",
                topic,
                ErrorHandling.defaultDeadLetterTopic("<name>"));
        stream.foreachBatch(
                (records, time) -> {
                    for (T record : records) {
                        String k = key.apply(record);
                        pending.add(
                                new ProducerRecord<>(
                                        topic,
                                        k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                                        value.apply(record).getBytes(StandardCharsets.UTF_8)));
                    }
                });
    }

    /**
     * A runner of this job with {@code trigger}: prepares the checkpoint topic, and starts the
     * graph from the last committed checkpoint (or empty). Call once the graph is built; later
     * calls on the same job go on from where it is.
     */
    public PipelineRunner runner(EngineSettings settings, Trigger trigger, PrintStream console) {
        if (!started) {
            context.start();
            started = true;
            graphTimeMs = context.zeroTime().milliseconds();
            CheckpointTopic.prepareAndReadLast(settings, checkpointTopic).ifPresent(this::restore);
            committedCheckpoint = context.checkpoint();
        }
        PipelinePlan plan =
                new PipelinePlan(
                        name,
                        source,
                        List.of(),
                        new SinkPlan.ForeachBatch(new GraphBatches()),
                        trigger,
                        ErrorHandling.defaults(),
                        PipelinePlan.DEFAULT_MAX_RECORDS_PER_BATCH);
        return new PipelineRunner(plan, settings, console);
    }

    /** A runner of this job, a batch every batch interval. */
    public PipelineRunner runner(EngineSettings settings, PrintStream console) {
        return runner(settings, new Trigger.Interval(batchInterval), console);
    }

    private static void requireNotInternal(String job, String topic, String role) {
        InternalTopics.describe(job, topic)
                .ifPresent(
                        internal -> {
                            throw new IllegalArgumentException(
                                    String.format(
                                            "%s topic '%s' is %s, which only the engine reads and"
                                                    + " writes; expected a topic not named like an"
                                                    + " internal topic (%s)",
                                            role, topic, internal, InternalTopics.patterns(job)));
                        });
    }

    /**
     * @throws IllegalArgumentException with the formatted message when {@code apart} is false
     */
    private static void requireApart(boolean apart, String template, Object... args) {
        if (!apart) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }

    /** The graph as the engine's foreachBatch sink. */
    private final class GraphBatches implements ForeachBatchFunction {
        @Override
        public void call(
                long batchId,
                List<GenericRecord> rows,
                Consumer<ProducerRecord<byte[], byte[]>> send) {
            batch(rows, send);
        }

        @Override
        public void committed(long batchId) {
            committedCheckpoint = batchCheckpoint;
        }

        @Override
        public void aborted(long batchId) {
            pending.clear();
            restore(committedCheckpoint);
        }
    }

    private void restore(byte[] checkpoint) {
        context.restore(checkpoint);
        graphTimeMs = context.lastBatchTime().orElse(context.zeroTime()).milliseconds();
        clock.set(graphTimeMs);
    }

    /** Runs the graph's next batch over an engine batch's rows and sends what it made. */
    private void batch(List<GenericRecord> rows, Consumer<ProducerRecord<byte[], byte[]>> send) {
        engineRows.handOver(rows);
        graphTimeMs += batchInterval.toMillis();
        clock.set(graphTimeMs);
        context.runDueBatches();
        pending.forEach(send);
        pending.clear();
        batchCheckpoint = context.checkpoint();
        send.accept(new ProducerRecord<>(checkpointTopic, 0, CHECKPOINT_KEY, batchCheckpoint));
    }

    /** The graph's clock: where the job puts it, one batch interval per engine batch. */
    private static final class GraphClock extends Clock {
        private long millis;

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the graph's clock has no zones");
        }
    }
}
