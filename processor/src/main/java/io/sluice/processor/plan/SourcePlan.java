package io.sluice.processor.plan;

import io.sluice.serdes.RowDecoder;
import java.util.List;
import java.util.Objects;
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
 */
public record SourcePlan(
        List<String> topics,
        String format,
        Schema schema,
        Supplier<RowDecoder> decoders,
        StartingOffsets startingOffsets,
        List<String> partitionedBy) {

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
    }

    /** A source whose partitioning is not known. */
    public SourcePlan(
            List<String> topics,
            String format,
            Schema schema,
            Supplier<RowDecoder> decoders,
            StartingOffsets startingOffsets) {
        this(topics, format, schema, decoders, startingOffsets, List.of());
    }

    /** Where a partition without a committed offset starts. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST
    }
}
