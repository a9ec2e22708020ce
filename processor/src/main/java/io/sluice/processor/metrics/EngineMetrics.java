package io.sluice.processor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.engine.BatchCounters;
import io.sluice.processor.engine.CommittedBatch;
import io.sluice.processor.engine.EngineListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The metrics of one pipeline run, kept in a Prometheus registry: see docs/operations.md for the
 * list.
 *
 * <p>Counters count committed batches only, so a replayed batch counts once and {@code in = out +
 * filtered + dead-lettered + skipped} holds at every scrape (with {@code emitting} in place of
 * {@code out} when {@code explode} makes several outputs per input). Per-partition gauges appear on
 * assignment and disappear on revocation. Listener calls come from the batch thread; {@link
 * #scrape()} from any thread.
 */
public final class EngineMetrics implements EngineListener {
    private static final Duration[] BATCH_SLOS = {
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final PrometheusMeterRegistry registry;
    private final Tags tags;
    private final Clock clock;
    private final Counter in;
    private final Counter out;
    private final Counter emitting;
    private final Counter filtered;
    private final Counter deadLettered;
    private final Counter skipped;
    private final Counter late;
    private final Counter committed;
    private final Counter aborted;
    private final Counter stateRecoveries;
    private final Counter tableRecordsSkipped;
    private final Timer batchDuration;
    private final Timer commitLatency;
    private final DistributionSummary batchRecords;
    private final Object batchLock = new Object();
    private final Map<TopicPartition, PartitionGauges> partitions = new ConcurrentHashMap<>();
    private final Map<TopicPartition, RestoreGauges> restores = new ConcurrentHashMap<>();
    private final Map<TopicPartition, StandbyGauge> standbys = new ConcurrentHashMap<>();

    /**
     * Metrics of the pipeline {@code pipeline}, tagged with its name. No instance tag: Prometheus
     * labels each scrape target with its own {@code instance}.
     */
    public EngineMetrics(String pipeline, Clock clock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.tags = Tags.of("pipeline", pipeline);
        this.clock = clock;
        this.in = records("in", "Input records read by committed batches");
        this.out = records("out", "Output records written by committed batches");
        this.emitting = records("emitting", "Input records that gave at least one output");
        this.filtered = records("filtered", "Input records a where step dropped");
        this.deadLettered = records("dead.lettered", "Input records sent to the dead-letter topic");
        this.skipped = records("skipped", "Input records dropped by the skip error policy");
        this.late = records("late", "Input records late for every window they belong to");
        this.committed = counter("sluice.batches.committed", "Batches committed");
        this.aborted = counter("sluice.batches.aborted", "Batch attempts aborted and replayed");
        this.stateRecoveries =
                counter(
                        "sluice.state.recoveries",
                        "Tasks whose local state could not be trusted, wiped and restored");
        this.tableRecordsSkipped =
                counter(
                        "sluice.table.records.skipped",
                        "Records of joined tables skipped: no key, or a value that does not"
                                + " decode");
        this.batchDuration =
                Timer.builder("sluice.batch.duration")
                        .description("From the start of a batch's last attempt to its commit")
                        .tags(tags)
                        .serviceLevelObjectives(BATCH_SLOS)
                        .register(registry);
        this.commitLatency =
                Timer.builder("sluice.commit.latency")
                        .description("Adding the offsets to the transaction and committing it")
                        .tags(tags)
                        .serviceLevelObjectives(BATCH_SLOS)
                        .register(registry);
        this.batchRecords =
                DistributionSummary.builder("sluice.batch.records")
                        .description("Input records per committed batch")
                        .tags(tags)
                        .serviceLevelObjectives(10, 100, 1_000, 10_000, 100_000, 1_000_000)
                        .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
    }

    /** The registry, to add metrics of other parts of the service. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Every metric in Prometheus' text exposition format. A scrape never sees half of a batch: the
     * record counters reconcile in every scrape.
     */
    public String scrape() {
        // the registry reads meter by meter; the lock keeps a batch's increments out meanwhile
        synchronized (batchLock) {
            return registry.scrape();
        }
    }

    @Override
    public void partitionsAssigned(Collection<TopicPartition> assigned) {
        for (TopicPartition partition : assigned) {
            partitions.computeIfAbsent(partition, PartitionGauges::new);
        }
    }

    @Override
    public void partitionsRevoked(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            PartitionGauges gauges = partitions.remove(partition);
            if (gauges != null) {
                gauges.remove();
            }
            RestoreGauges restore = restores.remove(partition);
            if (restore != null) {
                restore.remove();
            }
        }
    }

    @Override
    public void restoring(TopicPartition partition, long restored, long total) {
        RestoreGauges gauges = restores.computeIfAbsent(partition, RestoreGauges::new);
        gauges.restored.set(restored);
        gauges.total.set(total);
    }

    @Override
    public void standbyLag(TopicPartition partition, OptionalLong lagRecords) {
        if (lagRecords.isPresent()) {
            standbys.computeIfAbsent(partition, StandbyGauge::new).lag.set(lagRecords.getAsLong());
        }
    }

    @Override
    public void standbyClosed(TopicPartition partition) {
        StandbyGauge gauge = standbys.remove(partition);
        if (gauge != null) {
            registry.remove(gauge.meter);
        }
    }

    @Override
    public void stateCorrupted(TopicPartition partition, StateCorruptedException cause) {
        stateRecoveries.increment();
    }

    @Override
    public void tableRecordSkipped(TopicPartition partition, long offset, String reason) {
        tableRecordsSkipped.increment();
    }

    @Override
    public void offsetsPlanned(
            Map<TopicPartition, Long> nextOffsets, Map<TopicPartition, Long> endOffsets) {
        nextOffsets.forEach(
                (partition, next) -> {
                    PartitionGauges gauges = partitions.get(partition);
                    Long end = endOffsets.get(partition);
                    if (gauges != null && end != null) {
                        gauges.endOffset.set(end);
                        gauges.nextOffset.set(next);
                    }
                });
    }

    @Override
    public void batchCommitted(CommittedBatch batch) {
        BatchCounters counts = batch.counts();
        synchronized (batchLock) {
            in.increment(counts.in());
            out.increment(counts.out());
            emitting.increment(counts.emitting());
            filtered.increment(counts.filtered());
            deadLettered.increment(counts.deadLettered());
            skipped.increment(counts.skipped());
            late.increment(counts.late());
            committed.increment();
        }
        batchDuration.record(batch.duration());
        commitLatency.record(batch.commitLatency());
        batchRecords.record(counts.in());
        // the lag falls as soon as the batch commits, not only at the next plan
        for (OffsetRange range : batch.ranges()) {
            PartitionGauges gauges = partitions.get(range.partition());
            if (gauges != null) {
                gauges.nextOffset.accumulateAndGet(range.untilOffset(), Math::max);
            }
        }
        batch.watermarks()
                .forEach(
                        (partition, watermark) -> {
                            PartitionGauges gauges = partitions.get(partition);
                            if (gauges != null) {
                                gauges.watermarkMs.set(watermark);
                            }
                        });
        batch.stateSizes()
                .forEach(
                        (partition, size) -> {
                            PartitionGauges gauges = partitions.get(partition);
                            if (gauges != null) {
                                gauges.stateKeys.set(size.approximateKeys());
                                gauges.stateBytes.set(size.sizeBytes());
                            }
                        });
    }

    @Override
    public void batchAborted(long batchId, Exception cause) {
        aborted.increment();
    }

    private Counter records(String what, String description) {
        return counter("sluice.records." + what, description);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** The gauges of one owned input partition; {@code watermarkMs} is MIN_VALUE until known. */
    private final class PartitionGauges {
        final AtomicLong endOffset = new AtomicLong();
        final AtomicLong nextOffset = new AtomicLong();
        final AtomicLong watermarkMs = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong stateKeys = new AtomicLong();
        final AtomicLong stateBytes = new AtomicLong();
        private final List<Meter> meters = new ArrayList<>();

        PartitionGauges(TopicPartition partition) {
            Tags partitionTags =
                    tags.and("topic", partition.topic())
                            .and("partition", Integer.toString(partition.partition()));
            meters.add(
                    Gauge.builder(
                                    "sluice.consumer.lag",
                                    this,
                                    g -> Math.max(0, g.endOffset.get() - g.nextOffset.get()))
                            .description("Offsets not yet committed")
                            .tags(partitionTags)
                            .register(registry));
            meters.add(
                    Gauge.builder("sluice.watermark", watermarkMs, w -> seconds(w.get()))
                            .description("Event-time watermark, seconds since the epoch")
                            .baseUnit("seconds")
                            .tags(partitionTags)
                            .register(registry));
            meters.add(
                    Gauge.builder("sluice.watermark.delay", watermarkMs, this::delaySeconds)
                            .description("How far the watermark is behind the wall clock")
                            .baseUnit("seconds")
                            .tags(partitionTags)
                            .register(registry));
            meters.add(
                    gauge(
                            "sluice.state.keys",
                            "Estimated keys in the partition's local state",
                            partitionTags,
                            stateKeys));
            meters.add(
                    Gauge.builder("sluice.state.size", stateBytes, AtomicLong::get)
                            .description("Bytes of the partition's local state on disk")
                            .baseUnit("bytes")
                            .tags(partitionTags)
                            .register(registry));
        }

        private double delaySeconds(AtomicLong watermark) {
            long ms = watermark.get();
            return ms == Long.MIN_VALUE ? Double.NaN : (clock.millis() - ms) / 1000.0;
        }

        void remove() {
            meters.forEach(registry::remove);
        }
    }

    /** Restore progress of the task of one input (or repartition) partition. */
    /** The lag of a standby task, while this instance keeps it. */
    private final class StandbyGauge {
        final AtomicLong lag = new AtomicLong();
        final Meter meter;

        StandbyGauge(TopicPartition partition) {
            meter =
                    gauge(
                            "sluice.standby.lag.records",
                            "Changelog records the standby task has not applied yet",
                            tags.and("topic", partition.topic())
                                    .and("partition", Integer.toString(partition.partition())),
                            lag);
        }
    }

    private final class RestoreGauges {
        final AtomicLong restored = new AtomicLong();
        final AtomicLong total = new AtomicLong();
        private final List<Meter> meters = new ArrayList<>();

        RestoreGauges(TopicPartition partition) {
            Tags partitionTags =
                    tags.and("topic", partition.topic())
                            .and("partition", Integer.toString(partition.partition()));
            meters.add(
                    gauge(
                            "sluice.restore.restored.records",
                            "Changelog records replayed into the task's local state",
                            partitionTags,
                            restored));
            meters.add(
                    gauge(
                            "sluice.restore.total.records",
                            "Changelog records the task's restore replays in all",
                            partitionTags,
                            total));
        }

        void remove() {
            meters.forEach(registry::remove);
        }
    }

    private Gauge gauge(String name, String description, Tags gaugeTags, AtomicLong value) {
        return Gauge.builder(name, value, AtomicLong::get)
                .description(description)
                .tags(gaugeTags)
                .register(registry);
    }

    private static double seconds(long ms) {
        return ms == Long.MIN_VALUE ? Double.NaN : ms / 1000.0;
    }
}
