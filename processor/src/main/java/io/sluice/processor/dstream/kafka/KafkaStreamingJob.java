package io.sluice.processor.dstream.kafka;

import io.sluice.processor.dstream.DStream;
import io.sluice.processor.dstream.StreamingContext;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.SourcePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.testkit.ManualClock;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.FormatSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * in the same batches give the same outputs as {@link
 * io.sluice.processor.testkit.StreamingTestKit}. The graph's state (windows, {@code
 * updateStateByKey}) lives in this object's memory for now: a restart starts it empty, and a batch
 * replayed after a failed commit is applied to it twice. Keep stateful graphs to runs that do not
 * fail until that state moves to the engine's task stores.
 *
 * <p>Build the graph on {@link #input()}, add {@link #toKafka} outputs, then {@link #runner} it.
 */
public final class KafkaStreamingJob {
    private final String name;
    private final Duration batchInterval;
    private final SourcePlan source;
    private final ManualClock clock = new ManualClock();
    private final StreamingContext context;
    private final QueueStream<GenericRecord> queue;
    private final List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();
    private boolean started;

    private KafkaStreamingJob(String name, Duration batchInterval, SourcePlan source) {
        this.name = name;
        this.batchInterval = batchInterval;
        this.source = source;
        this.context = new StreamingContext(batchInterval, clock);
        this.queue = QueueStream.create(context);
    }

    /**
     * A job named {@code name} (its consumer group and transactional id prefix) reading JSON
     * records of {@code schema} from {@code topic}, one graph batch per engine batch.
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
        return queue.stream();
    }

    /**
     * Sends each record of {@code stream} to {@code topic} in the transaction of the batch that
     * made it, with the UTF-8 key and value the functions give (a null key leaves it empty).
     */
    public <T> void toKafka(
            DStream<T> stream, String topic, Function<T, String> key, Function<T, String> value) {
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

    /** The pipeline plan the engine runs: the source, no steps, the graph as the sink. */
    public PipelinePlan plan(Trigger trigger) {
        return new PipelinePlan(
                name,
                source,
                List.of(),
                new SinkPlan.ForeachBatch(this::batch),
                trigger,
                ErrorHandling.defaults(),
                PipelinePlan.DEFAULT_MAX_RECORDS_PER_BATCH);
    }

    /** A runner of this job, a batch every batch interval. */
    public PipelineRunner runner(EngineSettings settings, PrintStream console) {
        return new PipelineRunner(plan(new Trigger.Interval(batchInterval)), settings, console);
    }

    /** Runs the graph's next batch over an engine batch's rows and sends what it made. */
    private void batch(
            long batchId, List<GenericRecord> rows, Consumer<ProducerRecord<byte[], byte[]>> send) {
        if (!started) {
            context.start();
            started = true;
        }
        queue.add(rows);
        clock.advance(batchInterval);
        context.runDueBatches();
        pending.forEach(send);
        pending.clear();
    }
}
