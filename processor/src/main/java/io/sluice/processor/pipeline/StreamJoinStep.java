package io.sluice.processor.pipeline;

import io.sluice.processor.plan.JoinedStream;
import io.sluice.processor.stateful.JoinCondition;
import io.sluice.processor.stateful.JoinInput;
import io.sluice.processor.stateful.JoinKind;
import io.sluice.processor.stateful.StreamJoinOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The join step with a {@code stream}: a stream-stream join of the rows so far (the left side) with
 * a second Kafka stream (the right side), on equal keys and, optionally, close event times.
 *
 * <pre>{@code
 * - join:
 *     stream: {topic: clicks, format: json, schema: click.avsc, timestamp: ClickTime, watermark: 10m}
 *     on: AdID                 # or {left: AdID, right: ClickedAd}
 *     type: left               # inner (default), left, right, full, leftSemi
 *     between: [0s, 1h]        # right time - left time within these bounds; or window: 15m
 * }</pre>
 */
final class StreamJoinStep {
    static final List<String> KEYS =
            List.of("stream", "on", "type", "between", "window", "columns");

    /** Source keys that mean nothing for a joined stream: the source's settings apply. */
    private static final List<String> SOURCE_ONLY =
            List.of(
                    "startingOffsets",
                    "idleTimeout",
                    "advanceWatermarkWhenIdle",
                    "partitionedBy",
                    "table");

    /**
     * The compiled step.
     *
     * @param leftInput the step that turns left rows into join input rows
     * @param operator the join
     * @param stream the right stream, for the source plan
     */
    record Compiled(JoinInput leftInput, StreamJoinOperator operator, JoinedStream stream) {}

    private StreamJoinStep() {}

    static Compiled compile(
            YamlNode node,
            Schema left,
            String recordName,
            PipelineResources resources,
            Optional<Duration> leftWatermark) {
        YamlMapping join = node.mapping(KEYS, "a mapping with stream, on and type");
        YamlNode streamNode = join.required("stream", "a stream");
        YamlMapping section = streamNode.anyMapping("a mapping with topic, format and schema");
        for (String key : SOURCE_ONLY) {
            if (section.has(key)) {
                throw section.errorAtKey(
                        key,
                        key
                                + " is the source's to set, for both streams; expected it under"
                                + " source");
            }
        }
        SourceSection right = SourceSection.read(streamNode, resources);
        Schema rightSchema = right.plan().schema();
        YamlNode onNode = join.required("on", "the key column, or {left: column, right: column}");
        String leftKey;
        String rightKey;
        if (onNode.isMapping()) {
            YamlMapping on =
                    onNode.mapping(List.of("left", "right"), "{left: column, right: column}");
            leftKey = column(on.required("left", "a left column"), left);
            rightKey = column(on.required("right", "a right column"), rightSchema);
        } else {
            leftKey = column(onNode, left);
            rightKey = onNode.text("a column");
            if (rightSchema.getField(rightKey) == null) {
                throw onNode.error(
                        "the stream has no column '"
                                + rightKey
                                + "'; give {left: column, right: column} when the names differ;"
                                + " "
                                + SourceSection.unknownColumn(rightKey, rightSchema));
            }
        }
        JoinKind kind = join.optional("type").map(StreamJoinStep::kind).orElse(JoinKind.INNER);
        JoinCondition condition = condition(join);
        if (!condition.isBounded() && kind.isOuter()) {
            throw join.errorAtKey(
                    "type",
                    "a "
                            + kind.text()
                            + " join without a time condition could never emit its rows without a"
                            + " match; expected between: [lower, upper] or window: size");
        }
        if (!condition.isBounded() && kind == JoinKind.LEFT_SEMI) {
            throw join.errorAtKey(
                    "type",
                    "a leftSemi join without a time condition keeps every row for good; expected"
                            + " between: [lower, upper] or window: size");
        }
        if (condition.isBounded() && (leftWatermark.isEmpty() || right.watermark().isEmpty())) {
            throw join.errorAtKey(
                    join.has("between") ? "between" : "window",
                    "a time condition drops rows once the watermark passes them, and "
                            + (leftWatermark.isEmpty() ? "the source" : "the stream")
                            + " has no watermark; expected watermark: on both source and stream");
        }
        List<String> columns = new ArrayList<>();
        join.optional("columns")
                .ifPresent(
                        n -> {
                            for (YamlNode item : n.scalarOrList("a list of stream columns")) {
                                columns.add(column(item, rightSchema));
                            }
                        });
        StreamJoinOperator operator;
        try {
            operator =
                    new StreamJoinOperator(
                            kind,
                            condition,
                            left,
                            rightSchema,
                            leftKey,
                            rightKey,
                            columns,
                            recordName,
                            right.plan().topics(),
                            right.watermark());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        JoinedStream stream =
                new JoinedStream(
                        right.plan().topics(),
                        right.plan().format(),
                        rightSchema,
                        right.plan().decoders(),
                        right.eventTime(),
                        List.of(new JoinInput(JoinInput.RIGHT, rightSchema, rightKey)));
        return new Compiled(new JoinInput(JoinInput.LEFT, left, leftKey), operator, stream);
    }

    private static String column(YamlNode node, Schema schema) {
        String name = node.text("a column name").trim();
        if (schema.getField(name) == null) {
            throw node.error(SourceSection.unknownColumn(name, schema));
        }
        return name;
    }

    private static JoinKind kind(YamlNode node) {
        Map<String, JoinKind> choices = new LinkedHashMap<>();
        for (JoinKind kind : JoinKind.values()) {
            choices.put(kind.text(), kind);
        }
        return node.choice(choices);
    }

    private static JoinCondition condition(YamlMapping join) {
        if (join.has("between") && join.has("window")) {
            throw join.errorAtKey("window", "give between or window, not both; expected one");
        }
        if (join.has("window")) {
            YamlNode size = join.required("window", "a window size");
            Duration duration = size.duration();
            if (duration.isZero()) {
                throw size.error("a window of zero; expected a positive duration, such as 15m");
            }
            return new JoinCondition.SameWindow(duration);
        }
        if (join.has("between")) {
            YamlNode node = join.required("between", "[lower, upper]");
            List<YamlNode> bounds =
                    node.list("a list [lower, upper] of durations, such as [0s, 1h]");
            if (bounds.size() != 2) {
                throw node.error(
                        "expected two bounds [lower, upper] of the right time minus the left"
                                + " time, such as [0s, 1h] or [-5m, 5m]");
            }
            Duration lower = signed(bounds.get(0));
            Duration upper = signed(bounds.get(1));
            if (upper.compareTo(lower) < 0) {
                throw node.error("the upper bound is below the lower one; expected [lower, upper]");
            }
            return new JoinCondition.Between(lower, upper);
        }
        return new JoinCondition.None();
    }

    /** A duration that may start with '-'. */
    private static Duration signed(YamlNode node) {
        String text = node.anyText("a duration such as 1h or -5m").trim();
        boolean negative = text.startsWith("-");
        try {
            Duration duration = DurationText.parse(negative ? text.substring(1).trim() : text);
            return negative ? duration.negated() : duration;
        } catch (IllegalArgumentException e) {
            throw node.error(
                    "'"
                            + text
                            + "' is not a duration; expected "
                            + DurationText.EXPECTED
                            + ", perhaps with a leading -");
        }
    }
}
