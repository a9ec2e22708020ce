package io.sluice.processor.plan;

import io.sluice.serdes.RowDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * What a pipeline reads.
 *
 * @param topics the input topics
 * @param format the format's name as the pipeline file gives it, for plans and logs
 * @param schema the schema of decoded rows
 * @param decoders makes a decoder for each thread that decodes (decoders are not thread-safe)
 * @param startingOffsets where to start in partitions the pipeline has never committed
 * @param partitionedBy the source columns its records are partitioned by (the producer keyed them
 *     by these columns); a stateful step grouping by them needs no repartitioning. Empty when
 *     unknown
 * @param joined the second stream of a stream-stream join, read in the same batches
 * @param ingest the files, rate or socket an ingester copies into {@code topics} (the pipeline's
 *     ingest topic), when the source is not a Kafka topic
 */
public record SourcePlan(
        List<String> topics,
        String format,
        Schema schema,
        Supplier<RowDecoder> decoders,
        StartingOffsets startingOffsets,
        List<String> partitionedBy,
        Optional<JoinedStream> joined,
        Optional<IngestPlan> ingest) {

    public SourcePlan {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a source needs at least one topic");
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(decoders, "decoders");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        partitionedBy = List.copyOf(partitionedBy);
        Objects.requireNonNull(joined, "joined");
        Objects.requireNonNull(ingest, "ingest");
    }

    /** A source of Kafka topics, perhaps with a second stream. */
    public SourcePlan(
            List<String> topics,
            String format,
            Schema schema,
            Supplier<RowDecoder> decoders,
            StartingOffsets startingOffsets,
            List<String> partitionedBy,
            Optional<JoinedStream> joined) {
        this(
                topics,
                format,
                schema,
                decoders,
                startingOffsets,
                partitionedBy,
                joined,
                Optional.empty());
    }

    /** A source without a second stream. */
    public SourcePlan(
            List<String> topics,
            String format,
            Schema schema,
            Supplier<RowDecoder> decoders,
            StartingOffsets startingOffsets,
            List<String> partitionedBy) {
        this(topics, format, schema, decoders, startingOffsets, partitionedBy, Optional.empty());
    }

    /** Every topic read: the source's, then the joined stream's. */
    public List<String> allTopics() {
        if (joined.isEmpty()) {
            return topics;
        }
        List<String> all = new ArrayList<>(topics);
        all.addAll(joined.get().topics());
        return all;
    }

    /** A copy with {@code stream} as its second stream. */
    public SourcePlan withJoined(JoinedStream stream) {
        return new SourcePlan(
                topics,
                format,
                schema,
                decoders,
                startingOffsets,
                partitionedBy,
                Optional.of(stream),
                ingest);
    }

    /** A source whose partitioning is not known. */
    public SourcePlan(
            List<String> topics,
            String format,
            Schema schema,
            Supplier<RowDecoder> decoders,
            StartingOffsets startingOffsets) {
        this(topics, format, schema, decoders, startingOffsets, List.of(), Optional.empty());
    }

    /** Where a partition without a committed offset starts. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST
    }
}
