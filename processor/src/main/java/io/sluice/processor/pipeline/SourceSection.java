package io.sluice.processor.pipeline;

import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.SourcePlan;
import io.sluice.processor.plan.SourcePlan.StartingOffsets;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The {@code source} section of a pipeline file: what to read, how to decode it, and where event
 * time comes from.
 *
 * @param plan what the engine reads
 * @param timestampField the field carrying event time, if set
 * @param watermark the allowed delay of event time, if set
 * @param idleTimeout how long a partition may deliver nothing before it stops holding the watermark
 *     back
 * @param advanceWatermarkWhenIdle whether the watermark moves with the wall clock once every
 *     partition of a task is idle
 * @param table whether the topic is read as a table (each key's latest value) for a table-table
 *     join
 */
record SourceSection(
        SourcePlan plan,
        Optional<String> timestampField,
        Optional<Duration> watermark,
        Duration idleTimeout,
        boolean advanceWatermarkWhenIdle,
        boolean table) {

    static final List<String> KEYS =
            List.of(
                    "topic",
                    "topics",
                    "format",
                    "schema",
                    "options",
                    "startingOffsets",
                    "timestamp",
                    "watermark",
                    "idleTimeout",
                    "advanceWatermarkWhenIdle",
                    "partitionedBy",
                    "table",
                    "registry",
                    "file",
                    "pattern",
                    "partitions",
                    "rate",
                    "socket");

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final String TOPIC_EXPECTED =
            "a Kafka topic name (letters, digits, '.', '_' and '-', at most 249)";

    /** A source section that must read Kafka topics: a joined stream's. */
    static SourceSection read(YamlNode node, PipelineResources resources) {
        return read(node, Optional.empty(), resources);
    }

    /**
     * The source section of pipeline {@code pipeline}, which may also name files, a rate or a
     * socket (read through the pipeline's ingest topic).
     */
    static SourceSection read(YamlNode node, String pipeline, PipelineResources resources) {
        return read(node, Optional.of(pipeline), resources);
    }

    private static SourceSection read(
            YamlNode node, Optional<String> pipeline, PipelineResources resources) {
        YamlMapping source = node.mapping(KEYS, "a mapping with topic, format and schema");
        Optional<IngestSection> ingest =
                IngestSection.read(source, pipeline, resources.baseDirectory());
        List<String> topics =
                ingest.isPresent()
                        ? List.of(InternalTopics.ingest(pipeline.get()))
                        : topics(source);
        Optional<Schema> builtIn = ingest.flatMap(IngestSection::builtInSchema);
        FormatSection format =
                builtIn.isPresent()
                        ? IngestSection.builtInFormat(source, resources.baseDirectory())
                        : FormatSection.read(source, resources.baseDirectory());
        Optional<RegistrySection> registry = RegistrySection.read(source, false);
        registry.ifPresent(r -> RegistrySection.checkFormat(source, format));
        Optional<RegistryAccess> access = registry.map(r -> resources.registry(r.node()));
        Schema schema =
                builtIn.isPresent()
                        ? builtIn.get()
                        : registry.isPresent() && !source.has("schema")
                                ? registry.get().readerSchema(topics, access.get())
                                : resources.schema(
                                        source.required(
                                                "schema",
                                                "the path of the Avro schema of the rows (.avsc),"
                                                        + " relative to the pipeline file"));
        StartingOffsets startingOffsets = startingOffsets(source);
        Optional<String> timestamp =
                source.optional("timestamp").map(t -> timestampField(t, schema));
        Optional<Duration> watermark = source.optional("watermark").map(YamlNode::duration);
        Duration idleTimeout =
                source.optional("idleTimeout")
                        .map(SourceSection::idleTimeout)
                        .orElse(StatefulStage.DEFAULT_IDLE_TIMEOUT);
        boolean advanceWhenIdle =
                source.optional("advanceWatermarkWhenIdle").map(YamlNode::bool).orElse(false);
        if (advanceWhenIdle && watermark.isEmpty()) {
            throw source.errorAtKey(
                    "advanceWatermarkWhenIdle",
                    "there is no watermark to advance; expected a watermark (such as watermark:"
                            + " 30m) with it");
        }
        List<String> partitionedBy =
                source.optional("partitionedBy")
                        .map(columns -> partitionedBy(columns, schema))
                        .orElse(List.of());
        SourcePlan plan =
                new SourcePlan(
                        topics,
                        registry.isPresent() ? "avro (schema registry)" : format.name(),
                        schema,
                        registry.isPresent()
                                ? registry.get().decoders(schema, access.get())
                                : format.decoders(schema),
                        startingOffsets,
                        partitionedBy,
                        Optional.empty(),
                        ingest.map(IngestSection::plan));
        boolean table = source.optional("table").map(YamlNode::bool).orElse(false);
        if (table && timestamp.isPresent()) {
            throw source.errorAtKey(
                    "timestamp",
                    "a table's changes have no event time of their own; expected no timestamp"
                            + " with table: true");
        }
        if (table && watermark.isPresent()) {
            throw source.errorAtKey(
                    "watermark",
                    "a table has no event time to wait for; expected no watermark with table:"
                            + " true");
        }
        return new SourceSection(plan, timestamp, watermark, idleTimeout, advanceWhenIdle, table);
    }

    /** Where event time comes from, for the plan. */
    EventTime eventTime() {
        return timestampField
                .<EventTime>map(
                        name -> new EventTime.SourceField(name, plan.schema().getField(name).pos()))
                .orElse(new EventTime.RecordTimestamp());
    }

    /** The source columns the producer keyed the records by: {@code partitionedBy: [StoreID]}. */
    private static List<String> partitionedBy(YamlNode node, Schema schema) {
        List<String> columns = new ArrayList<>();
        for (YamlNode item :
                node.scalarOrList("a list of source column names, such as [StoreID]")) {
            String name = item.text("a source column name").trim();
            if (schema.getField(name) == null) {
                throw item.error(unknownColumn(name, schema));
            }
            columns.add(name);
        }
        return columns;
    }

    private static Duration idleTimeout(YamlNode node) {
        Duration timeout = node.duration();
        if (timeout.isZero()) {
            throw node.error(
                    "the idle timeout is zero; expected a positive duration, such as 1m (the"
                            + " default)");
        }
        return timeout;
    }

    private static List<String> topics(YamlMapping source) {
        if (source.has("topic") && source.has("topics")) {
            throw source.errorAtKey(
                    "topics", "give topic or topics, not both; expected one of them");
        }
        if (source.has("topics")) {
            YamlNode node = source.required("topics", "a list of topic names");
            Set<String> topics = new LinkedHashSet<>();
            for (YamlNode item : node.list("a list of topic names")) {
                if (!topics.add(topic(item))) {
                    throw item.error(
                            "topic '"
                                    + topic(item)
                                    + "' is listed twice; expected each topic once");
                }
            }
            if (topics.isEmpty()) {
                throw node.error("no topics; expected at least one topic name");
            }
            return new ArrayList<>(topics);
        }
        return List.of(topic(source.required("topic", TOPIC_EXPECTED + " (or topics: a list)")));
    }

    /** A valid Kafka topic name. */
    static String topic(YamlNode node) {
        String topic = node.text(TOPIC_EXPECTED);
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw node.error(
                    "'" + topic + "' is not a valid topic name; expected " + TOPIC_EXPECTED);
        }
        return topic;
    }

    private static StartingOffsets startingOffsets(YamlMapping source) {
        Map<String, StartingOffsets> choices = new LinkedHashMap<>();
        choices.put("earliest", StartingOffsets.EARLIEST);
        choices.put("latest", StartingOffsets.LATEST);
        return source.optional("startingOffsets")
                .map(n -> n.choice(choices))
                .orElse(StartingOffsets.EARLIEST);
    }

    /**
     * The name {@code node} gives of a column of event time in {@code schema}: a non-null long of
     * epoch milliseconds or a timestamp-millis.
     */
    static String timestampField(YamlNode node, Schema schema) {
        String name =
                node.text("the name of a long or timestamp-millis field of the source schema");
        Schema.Field field = schema.getField(name);
        if (field == null) {
            throw node.error(unknownColumn(name, schema));
        }
        Schema type = field.schema();
        LogicalType logical = type.getLogicalType();
        boolean millis =
                type.getType() == Schema.Type.LONG
                        && (logical == null || logical instanceof LogicalTypes.TimestampMillis);
        if (!millis) {
            throw node.error(
                    "field '"
                            + name
                            + "' is "
                            + TypeNames.of(type)
                            + "; expected a non-null long (epoch milliseconds) or timestamp-millis"
                            + " field");
        }
        return name;
    }

    /** The message for a name that is not a column: a "did you mean" and the columns. */
    static String unknownColumn(String name, Schema schema) {
        List<String> columns = new ArrayList<>();
        schema.getFields().forEach(f -> columns.add(f.name()));
        return "unknown column '"
                + name
                + "'"
                + Spelling.didYouMean(name, columns)
                + "; columns are: "
                + String.join(", ", columns);
    }
}
