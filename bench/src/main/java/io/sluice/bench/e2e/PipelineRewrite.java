package io.sluice.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a benchmark run's copy of a ready pipeline file: the same source format, steps, sink and
 * schemas, under the run's name and topics.
 *
 * <p>The copy sets {@code name}, {@code source.topic}, {@code sink.topic} and the {@code
 * table.topic} of every {@code join} step (the run's customers topic), makes schema paths absolute
 * (they are relative to the original file), and sets {@code maxRecordsPerBatch} to {@value
 * #MAX_RECORDS_PER_BATCH} where the original leaves it out. Everything else, the trigger included,
 * stays as the original has it.
 */
final class PipelineRewrite {
    static final int MAX_RECORDS_PER_BATCH = 100_000;

    private static final Set<String> PATH_KEYS =
            Set.of("schema", "writerSchema", "schemaDirectory");
    private static final YAMLMapper YAML =
            YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();

    private PipelineRewrite() {}

    /** Writes the copy of {@code original} for {@code run} into its directory; returns its path. */
    static Path write(Path original, RunTopics run, List<String> partitionedBy) throws IOException {
        ObjectNode pipeline = (ObjectNode) YAML.readTree(original.toFile());
        Path base = original.toAbsolutePath().getParent();
        absolutePaths(pipeline, base);
        pipeline.put("name", run.id());
        if (!pipeline.has("maxRecordsPerBatch")) {
            pipeline.put("maxRecordsPerBatch", MAX_RECORDS_PER_BATCH);
        }
        ObjectNode source = (ObjectNode) pipeline.required("source");
        source.remove("topics");
        source.put("topic", run.input());
        if (!partitionedBy.isEmpty()) {
            partitionedBy.forEach(source.putArray("partitionedBy")::add);
        }
        ((ObjectNode) pipeline.required("sink")).put("topic", run.output());
        tableTopics(pipeline, run);
        Path copy = run.directory().resolve("pipeline.yaml");
        YAML.writeValue(copy.toFile(), pipeline);
        return copy;
    }

    /** Points the table of every join step at the run's customers topic. */
    private static void tableTopics(ObjectNode pipeline, RunTopics run) {
        for (JsonNode step : pipeline.path("steps")) {
            JsonNode table = step.path("join").path("table");
            if (table instanceof ObjectNode object) {
                String topic =
                        run.table()
                                .orElseThrow(
                                        () ->
                                                new IllegalStateException(
                                                        String.format(
                                                                "pipeline %s joins a table, but"
                                                                        + " its input %s has none"
                                                                        + " loaded beside it",
                                                                run.id(), run.input())));
                object.remove("topics");
                object.put("topic", topic);
            }
        }
    }

    private static void absolutePaths(JsonNode node, Path base) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (PATH_KEYS.contains(field.getKey()) && value.isTextual()) {
                    object.put(field.getKey(), base.resolve(value.asText()).normalize().toString());
                } else {
                    absolutePaths(value, base);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> absolutePaths(child, base));
        }
    }

    /**
     * Whether the pipeline reads or writes through a schema registry: its source or sink has a
     * {@code registry} section.
     */
    static boolean usesRegistry(Path pipeline) throws IOException {
        JsonNode root = YAML.readTree(pipeline.toFile());
        return root.path("source").has("registry") || root.path("sink").has("registry");
    }

    /** Whether the file exists; a pipeline still being written is skipped with a note. */
    static boolean exists(Path pipeline) {
        return Files.isRegularFile(pipeline);
    }
}
