package io.sluice.processor.pipeline;

import io.sluice.processor.RowOperator;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.operator.Operators;
import io.sluice.processor.plan.MemoryTable;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.serdes.Schemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The {@code sink} section of a pipeline file: where rows go, in which format and schema, with
 * which key and headers.
 *
 * @param plan what the engine writes to
 * @param conform converts the steps' rows to the sink's schema, when the file names one that
 *     differs from theirs
 * @param registrySubject where the sink schema is registered, for a sink with a schema registry
 */
record SinkSection(
        SinkPlan plan, Optional<RowOperator> conform, Optional<SinkSubject> registrySubject) {

    static final List<String> KAFKA_KEYS =
            List.of(
                    "type",
                    "topic",
                    "format",
                    "schema",
                    "options",
                    "key",
                    "headers",
                    "createTopic",
                    "registry");
    static final List<String> CONSOLE_KEYS = List.of("type", "maxRows");
    static final List<String> FILE_KEYS = List.of("type", "path", "format", "options");
    static final List<String> MEMORY_KEYS = List.of("type", "name");
    static final int DEFAULT_CONSOLE_ROWS = 20;

    /** Reads the sink for rows of {@code rows}, the last step's output schema. */
    static SinkSection read(YamlNode node, Schema rows, PipelineResources resources) {
        YamlMapping sink = node.anyMapping("a mapping with topic and format");
        Map<String, String> types = new LinkedHashMap<>();
        types.put("kafka", "kafka");
        types.put("console", "console");
        types.put("file", "file");
        types.put("memory", "memory");
        Optional<YamlNode> typeNode = sink.optional("type");
        if (typeNode.isPresent()
                && typeNode.get().isScalar()
                && List.of("foreach", "foreachBatch")
                        .contains(typeNode.get().text("a sink type"))) {
            throw typeNode.get()
                    .error(
                            "a "
                                    + typeNode.get().text("a sink type")
                                    + " sink calls a Java function, which a pipeline file cannot"
                                    + " name; expected type kafka, console, file or memory (the"
                                    + " Java API has Sink.foreach)");
        }
        String type =
                sink.optional("type")
                        .map(t -> t.choice(types))
                        .orElse(sink.has("path") ? "file" : "kafka");
        switch (type) {
            case "console":
                return console(sink);
            case "file":
                return new SinkSection(
                        FileSink.read(sink, rows, resources), Optional.empty(), Optional.empty());
            case "memory":
                return memory(sink);
            default:
                return kafka(sink, rows, resources);
        }
    }

    private static SinkSection memory(YamlMapping sink) {
        sink.requireKnownKeys(MEMORY_KEYS);
        String name =
                sink.required("name", "the memory table's name").text("the memory table's name");
        return new SinkSection(
                new SinkPlan.Memory(MemoryTable.named(name)), Optional.empty(), Optional.empty());
    }

    private static SinkSection console(YamlMapping sink) {
        sink.requireKnownKeys(CONSOLE_KEYS);
        int maxRows =
                sink.optional("maxRows").map(YamlNode::positiveInt).orElse(DEFAULT_CONSOLE_ROWS);
        return new SinkSection(new SinkPlan.Console(maxRows), Optional.empty(), Optional.empty());
    }

    private static SinkSection kafka(YamlMapping sink, Schema rows, PipelineResources resources) {
        sink.requireKnownKeys(KAFKA_KEYS);
        String topic = SourceSection.topic(sink.required("topic", "the output topic's name"));
        FormatSection format = FormatSection.read(sink, resources.baseDirectory());
        Optional<RegistrySection> registry = RegistrySection.read(sink, true);
        registry.ifPresent(r -> RegistrySection.checkFormat(sink, format));
        Optional<YamlNode> schemaNode = sink.optional("schema");
        Schema written = schemaNode.isPresent() ? resources.schema(schemaNode.get()) : rows;
        Optional<RowOperator> conform = Optional.empty();
        if (schemaNode.isPresent()) {
            SinkSchemaCheck.check(schemaNode.get(), rows, written);
            if (!written.equals(rows)) {
                conform = Optional.of(Operators.conform(rows, written));
            }
        }
        Optional<RegistrySection.SinkBinding> binding =
                registry.map(r -> r.sink(topic, written, resources.registry(r.node())));
        Function<GenericRecord, Object> key =
                sink.optional("key").map(k -> key(k, written)).orElse(null);
        Optional<YamlMapping> headers =
                sink.optional("headers")
                        .map(h -> h.mapping(List.of("pass", "set"), "a mapping with pass and set"));
        SinkPlan.Kafka plan =
                new SinkPlan.Kafka(
                        topic,
                        binding.map(b -> "avro (schema registry " + b.subject().describe() + ")")
                                .orElse(format.name()),
                        written,
                        binding.map(RegistrySection.SinkBinding::encoders)
                                .orElseGet(() -> format.encoders(written)),
                        key,
                        headers.flatMap(h -> h.optional("set"))
                                .map(SinkSection::headers)
                                .orElse(Map.of()),
                        headers.flatMap(h -> h.optional("pass")).map(YamlNode::bool).orElse(true),
                        sink.optional("createTopic").map(YamlNode::bool).orElse(true));
        return new SinkSection(plan, conform, binding.map(RegistrySection.SinkBinding::subject));
    }

    /** The key function, compiled against the rows the sink receives (in the sink's schema). */
    private static Function<GenericRecord, Object> key(YamlNode node, Schema written) {
        CompiledExpression expression = Expressions.compile(node, written);
        Schema type = Schemas.nonNull(expression.resultSchema());
        switch (type.getType()) {
            case STRING:
            case INT:
            case LONG:
            case FLOAT:
            case DOUBLE:
            case BOOLEAN:
            case BYTES:
                return new KeyFunction(expression);
            default:
                throw node.error(
                        "the key is "
                                + TypeNames.of(expression.resultSchema())
                                + "; expected an expression of type string, number, boolean or"
                                + " bytes");
        }
    }

    private static Map<String, String> headers(YamlNode node) {
        Map<String, String> set = new LinkedHashMap<>();
        for (YamlMapping.Entry entry :
                node.anyMapping("a mapping of header name to value").entries()) {
            set.put(entry.key(), entry.value().anyText("a header value"));
        }
        return set;
    }

    /** A key function that evaluates an expression; its text names it in plans. */
    private record KeyFunction(CompiledExpression expression)
            implements Function<GenericRecord, Object> {
        @Override
        public Object apply(GenericRecord row) {
            return expression.evaluate(row);
        }

        @Override
        public String toString() {
            return expression.sql();
        }
    }
}
