package io.sluice.processor.pipeline;

import io.sluice.registry.CachedSchemaRegistry;
import io.sluice.registry.CompatibilityResult;
import io.sluice.registry.RegisteredSchema;
import io.sluice.registry.RegistryException;
import io.sluice.registry.RegistryUnavailableException;
import io.sluice.registry.SubjectNameStrategy;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.avro.AvroFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * The {@code registry} key of a source or sink with {@code format: avro}: records are in the
 * Confluent wire format (byte 0, a 4-byte schema id, the Avro body), and the ids are a schema
 * registry's.
 *
 * <p>A source resolves each record's writer schema by its id to the rows' schema (its {@code
 * schema} file, or the subject's {@code version} in the registry). A sink writes under the id of
 * its schema in the subject: registered at start with {@code register: auto}, looked up with {@code
 * never}. An incompatible sink schema is refused here, at start, naming the subject, the rule and
 * the registry's reason; it never fails record by record.
 *
 * @param subject the subject as written, when the file names one
 * @param strategy how the subject is named from the topic and schema otherwise
 * @param version the version whose schema is a source's row schema, when the file gives none
 * @param register whether a sink registers its schema ({@code auto}) or finds it ({@code never})
 * @param node the {@code registry} value, to locate errors
 */
record RegistrySection(
        Optional<String> subject,
        SubjectNameStrategy strategy,
        String version,
        boolean register,
        YamlNode node) {

    static final List<String> SOURCE_KEYS = List.of("subject", "subjectNameStrategy", "version");
    static final List<String> SINK_KEYS = List.of("subject", "subjectNameStrategy", "register");
    private static final String EXPECTED = "true, or a mapping with subject, subjectNameStrategy";

    /** Reads {@code registry} of a section, when present: {@code true} or a mapping. */
    static Optional<RegistrySection> read(YamlMapping section, boolean sink) {
        Optional<YamlNode> value = section.optional("registry");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        YamlNode node = value.get();
        if (node.isScalar()) {
            if (!node.bool()) {
                return Optional.empty();
            }
            return Optional.of(
                    new RegistrySection(
                            Optional.empty(), SubjectNameStrategy.TOPIC, "latest", true, node));
        }
        YamlMapping registry =
                node.mapping(
                        sink ? SINK_KEYS : SOURCE_KEYS,
                        EXPECTED + (sink ? " and register" : " and version"));
        Optional<String> subject = registry.optional("subject").map(s -> s.text("a subject name"));
        SubjectNameStrategy strategy =
                registry.optional("subjectNameStrategy")
                        .map(RegistrySection::strategy)
                        .orElse(SubjectNameStrategy.TOPIC);
        String version =
                registry.optional("version").map(RegistrySection::version).orElse("latest");
        Map<String, Boolean> modes = new LinkedHashMap<>();
        modes.put("auto", true);
        modes.put("never", false);
        boolean register = registry.optional("register").map(r -> r.choice(modes)).orElse(true);
        return Optional.of(new RegistrySection(subject, strategy, version, register, node));
    }

    private static SubjectNameStrategy strategy(YamlNode node) {
        Map<String, SubjectNameStrategy> choices = new LinkedHashMap<>();
        for (SubjectNameStrategy s : SubjectNameStrategy.values()) {
            choices.put(s.pipelineName(), s);
        }
        return node.choice(choices);
    }

    private static String version(YamlNode node) {
        String text = node.text("latest, or a version number such as 3");
        if (text.equals("latest")) {
            return text;
        }
        return Integer.toString(node.positiveInt());
    }

    /** Requires {@code format: avro} with no options: the wire format leaves nothing to choose. */
    static void checkFormat(YamlMapping section, FormatSection format) {
        if (!format.name().equals("avro")) {
            throw section.errorAtKey(
                    "registry",
                    "a schema registry goes with format: avro (records in the Confluent wire"
                            + " format), not "
                            + format.name()
                            + "; expected format: avro, or no registry");
        }
        if (section.has("options")) {
            throw section.errorAtKey(
                    "options",
                    "the registry gives each record's writer schema; expected no options with"
                            + " registry");
        }
    }

    /** The subject for {@code topic} and rows of {@code schema}. */
    String subjectFor(String topic, Schema schema) {
        return subject.orElseGet(() -> strategy.subject(topic, schema, false));
    }

    /**
     * The rows' schema of a source without a {@code schema} file: the subject's {@code version}.
     */
    Schema readerSchema(List<String> topics, RegistryAccess access) {
        if (subject.isEmpty() && strategy != SubjectNameStrategy.TOPIC) {
            throw node.error(
                    "the "
                            + strategy.pipelineName()
                            + " strategy names a subject by the schema, which is what to look"
                            + " up; expected subject: (or a schema file)");
        }
        if (subject.isEmpty() && topics.size() > 1) {
            throw node.error(
                    "several topics have several subjects; expected subject: (or a schema file)");
        }
        String name = subject.orElseGet(() -> strategy.subject(topics.get(0), null, false));
        Optional<RegisteredSchema> found =
                call(() -> access.registry().client().version(name, version));
        if (found.isEmpty()) {
            throw node.error(
                    "subject '"
                            + name
                            + "' has no version "
                            + version
                            + " in the schema registry; expected a registered subject (or a"
                            + " schema file)");
        }
        return FormatSection.requireRecord(node, found.get().schema());
    }

    /** Decoders of rows of {@code schema}, from records whose writer schemas the registry has. */
    Supplier<RowDecoder> decoders(Schema schema, RegistryAccess access) {
        CachedSchemaRegistry registry = access.registry();
        return () -> AvroFormat.confluentDecoder(schema, registry);
    }

    /** A sink's subject and the encoders that write under its id. */
    record SinkBinding(SinkSubject subject, Supplier<RowEncoder> encoders) {}

    /**
     * The subject of a sink of rows of {@code schema} and encoders under the schema's id there:
     * found, or registered when the access may; an incompatible schema is an error here.
     */
    SinkBinding sink(String topic, Schema schema, RegistryAccess access) {
        String name = subjectFor(topic, schema);
        CachedSchemaRegistry registry = access.registry();
        if (register && access.mayRegister()) {
            return registered(name, schema, registry);
        }
        Optional<RegisteredSchema> registered = call(() -> registry.client().lookup(name, schema));
        if (registered.isPresent()) {
            return bound(name, schema, registered.get().id());
        }
        if (!register) {
            throw refusal(name, schema, registry, "is not registered, and register is never");
        }
        // register: auto, but only checked now (validate): what registering would answer
        CompatibilityResult check = call(() -> registry.client().testCompatibility(name, schema));
        if (!check.compatible()) {
            throw incompatible(name, registry, String.join("; ", check.messages()));
        }
        return new SinkBinding(
                new SinkSubject(name, schema, OptionalInt.empty()),
                () -> {
                    throw new IllegalStateException(
                            "the sink schema of subject " + name + " is registered at start");
                });
    }

    /**
     * Registers the schema under the subject: one request, which answers the existing id when the
     * schema is there already, and refuses a schema the subject's rule does not allow.
     */
    private SinkBinding registered(String name, Schema schema, CachedSchemaRegistry registry) {
        try {
            return bound(name, schema, registry.client().register(name, schema));
        } catch (RegistryException e) {
            if (e.status() == 409) {
                throw incompatible(name, registry, e.getMessage());
            }
            throw node.error(
                    "the schema registry refused subject '" + name + "': " + e.getMessage(), e);
        } catch (RegistryUnavailableException e) {
            throw unreachable(e);
        }
    }

    private static SinkBinding bound(String subject, Schema schema, int id) {
        return new SinkBinding(
                new SinkSubject(subject, schema, OptionalInt.of(id)),
                () -> AvroFormat.confluentEncoder(schema, id));
    }

    /** With {@code register: never}: the subject is missing, or lacks the schema. */
    private PipelineFileException refusal(
            String name, Schema schema, CachedSchemaRegistry registry, String what) {
        boolean subjectExists = call(() -> registry.client().version(name, "latest")).isPresent();
        if (!subjectExists) {
            return node.error(
                    "subject '"
                            + name
                            + "' does not exist in the schema registry, and register is never;"
                            + " expected a registered subject (bin/sluice schema register), or"
                            + " register: auto");
        }
        CompatibilityResult check = call(() -> registry.client().testCompatibility(name, schema));
        if (!check.compatible()) {
            return incompatible(name, registry, String.join("; ", check.messages()));
        }
        return node.error(
                "the sink schema "
                        + schema.getFullName()
                        + " "
                        + what
                        + " in subject '"
                        + name
                        + "'; expected it registered (bin/sluice schema register), or register:"
                        + " auto");
    }

    private PipelineFileException incompatible(
            String name, CachedSchemaRegistry registry, String reason) {
        String rule = call(() -> registry.client().compatibilityLevel(name));
        return node.error(
                "the sink schema is incompatible with subject '"
                        + name
                        + "' under its compatibility rule "
                        + rule
                        + ": "
                        + (reason.isBlank() ? "the registry gave no reason" : reason)
                        + "; expected a schema the rule accepts");
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (RegistryUnavailableException e) {
            throw unreachable(e);
        } catch (RegistryException e) {
            throw node.error(e.getMessage(), e);
        }
    }

    private PipelineFileException unreachable(RegistryUnavailableException e) {
        return node.error(e.getMessage() + "; the schema registry must answer at start", e);
    }
}
