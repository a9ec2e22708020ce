package io.sluice.processor.pipeline;

import java.util.Optional;

/**
 * What an aggregation step needs to know about the rest of its pipeline: the watermarked event-time
 * column (whose groups the watermark closes) and what the sink does with a retraction.
 *
 * @param watermarkedColumn the source's {@code timestamp} column when it has a watermark
 * @param keyedSink whether the sink is a Kafka sink with a {@code key}: a retraction becomes a
 *     tombstone under the key, so retracting merged sessions is on by default
 * @param consoleSink whether the sink is the console, which prints a retraction as such
 */
record AggregationContext(
        Optional<String> watermarkedColumn, boolean keyedSink, boolean consoleSink) {

    /** The context of a pipeline with {@code source} and the (not yet compiled) {@code sink}. */
    static AggregationContext of(SourceSection source, Optional<YamlNode> sink) {
        Optional<String> watermarked =
                source.watermark().isPresent() ? source.timestampField() : Optional.empty();
        if (sink.isEmpty() || !sink.get().isMapping()) {
            return new AggregationContext(watermarked, false, false);
        }
        YamlMapping mapping = sink.get().anyMapping("a sink");
        String type =
                mapping.optional("type")
                        .filter(YamlNode::isScalar)
                        .map(t -> t.text("a sink type").trim())
                        .orElse("kafka");
        return new AggregationContext(
                watermarked, type.equals("kafka") && mapping.has("key"), type.equals("console"));
    }
}
