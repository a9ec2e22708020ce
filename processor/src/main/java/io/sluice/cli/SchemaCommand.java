package io.sluice.cli;

import io.sluice.processor.ConfigException;
import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.pipeline.RegistryAccess;
import io.sluice.processor.pipeline.SinkSubject;
import io.sluice.registry.CachedSchemaRegistry;
import io.sluice.registry.CompatibilityResult;
import io.sluice.registry.RegisteredSchema;
import io.sluice.registry.RegistryException;
import io.sluice.registry.SchemaRegistryClient;
import io.sluice.registry.SubjectNameStrategy;
import io.sluice.serdes.Schemas;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice schema register|check|show}: a pipeline's sink schema, or an {@code .avsc} file,
 * against a schema registry that serves the Confluent REST API.
 */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = {
            "Registers, checks and shows schemas in a schema registry.",
            "It speaks the Confluent REST API: Confluent, Apicurio /apis/ccompat/v7,",
            "Karapace, Redpanda."
        },
        subcommands = {
            SchemaCommand.Register.class,
            SchemaCommand.Check.class,
            SchemaCommand.Show.class
        })
final class SchemaCommand {

    /** A pipeline file (its sink) or an .avsc file with the subject to use. */
    static final class Target {
        @Parameters(
                index = "0",
                paramLabel = "PIPELINE.yaml|SCHEMA.avsc",
                description = {
                    "A pipeline file: its sink's schema and subject (sink.registry); or an Avro",
                    "schema file, with --subject or --topic."
                })
        Path file;

        @Option(names = "--subject", description = "The subject (for an .avsc file).")
        String subject;

        @Option(
                names = "--topic",
                description = "The topic whose subject it is, by --strategy (for an .avsc file).")
        String topic;

        @Option(
                names = "--strategy",
                defaultValue = "topic",
                description = "topic (<topic>-value), record or topicRecord (default: topic).")
        String strategy;

        boolean isPipeline() {
            String name = file.getFileName().toString();
            return name.endsWith(".yaml") || name.endsWith(".yml");
        }

        Schema schema() {
            return Schemas.parse(file);
        }

        /** The subject of an .avsc file's schema. */
        String subject(Schema schema) {
            if (subject != null) {
                return subject;
            }
            SubjectNameStrategy named = SubjectNameStrategy.parse(strategy);
            if (topic == null && named != SubjectNameStrategy.RECORD) {
                throw new ConfigException(
                        "which subject? give --subject, --topic, or --strategy record");
            }
            return named.subject(topic, schema, false);
        }
    }

    /** {@code schema register}: registers the schema under its subject. */
    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Registers a schema under its subject.",
                "The schema: a pipeline's sink schema under its subject, or an .avsc file under",
                "--subject (or --topic's subject). Exits 0 when registered (or already there),",
                "1 when the registry refuses it (incompatible), 2 on a bad file or no registry."
            })
    static final class Register implements Callable<Integer> {
        @Mixin Target target;
        @Mixin RegistryOptions registry;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (target.isPipeline()) {
                SinkSubject sink = sinkSubject(target.file, registry, true);
                out.printf(
                        "Registered %s under subject %s: id %d%n",
                        sink.schema().getFullName(), sink.subject(), sink.id().getAsInt());
                return SluiceMain.EXIT_OK;
            }
            SchemaRegistryClient client = registry.client();
            Schema schema = target.schema();
            String subject = target.subject(schema);
            try {
                int id = client.register(subject, schema);
                RegisteredSchema registered = client.lookup(subject, schema).orElseThrow();
                out.printf(
                        "Registered %s under subject %s: id %d, version %d%n",
                        schema.getFullName(), subject, id, registered.version());
                return SluiceMain.EXIT_OK;
            } catch (RegistryException e) {
                return refused(spec, subject, client, e);
            }
        }
    }

    /** {@code schema check}: tests the schema against its subject's compatibility rule. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Tests a schema against its subject's compatibility rule, registering nothing.",
                "The schema: a pipeline's sink schema, or an .avsc file. Exits 0 when compatible,",
                "1 when not (a pipeline: 2, as validate), 2 on a bad file or no registry."
            })
    static final class Check implements Callable<Integer> {
        @Mixin Target target;
        @Mixin RegistryOptions registry;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (target.isPipeline()) {
                SinkSubject sink = sinkSubject(target.file, registry, false);
                out.printf(
                        "%s is compatible with subject %s%s%n",
                        sink.schema().getFullName(),
                        sink.subject(),
                        sink.id().isPresent()
                                ? " (registered as id " + sink.id().getAsInt() + ")"
                                : "");
                return SluiceMain.EXIT_OK;
            }
            SchemaRegistryClient client = registry.client();
            Schema schema = target.schema();
            String subject = target.subject(schema);
            CompatibilityResult result = client.testCompatibility(subject, schema);
            String rule = client.compatibilityLevel(subject);
            if (result.compatible()) {
                out.printf(
                        "%s is compatible with subject %s under rule %s%n",
                        schema.getFullName(), subject, rule);
                return SluiceMain.EXIT_OK;
            }
            out.printf(
                    "%s is incompatible with subject %s under rule %s%s%n",
                    schema.getFullName(),
                    subject,
                    rule,
                    result.messages().isEmpty() ? "" : ": " + String.join("; ", result.messages()));
            out.flush();
            return SluiceMain.EXIT_FAILED;
        }
    }

    /** {@code schema show}: subjects, a subject's version, or a schema by id. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Shows schemas of the registry.",
                "A subject's schema (its latest version, or VERSION), a schema by --id, or, with",
                "neither, every subject with its latest version and id."
            })
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SUBJECT", description = "A subject.")
        String subject;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "VERSION",
                description = "latest (the default) or a version number.")
        String version;

        @Option(names = "--id", description = "A schema id.")
        Integer id;

        @Mixin RegistryOptions registry;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SchemaRegistryClient client = registry.client();
            if (id != null) {
                Schema schema =
                        client.schemaById(id)
                                .orElseThrow(
                                        () ->
                                                new ConfigException(
                                                        "the registry has no schema with id "
                                                                + id));
                out.printf("id %d%n%s%n", id, schema.toString(true));
                return SluiceMain.EXIT_OK;
            }
            if (subject == null) {
                List<String> subjects = client.subjects();
                for (String name : subjects) {
                    client.version(name, "latest")
                            .ifPresent(
                                    v ->
                                            out.printf(
                                                    "%s: version %d, id %d, %s%n",
                                                    name,
                                                    v.version(),
                                                    v.id(),
                                                    v.schema().getFullName()));
                }
                out.printf("%d subjects%n", subjects.size());
                return SluiceMain.EXIT_OK;
            }
            String wanted = version == null ? "latest" : version;
            RegisteredSchema found =
                    client.version(subject, wanted)
                            .orElseThrow(
                                    () ->
                                            new ConfigException(
                                                    "subject "
                                                            + subject
                                                            + " has no version "
                                                            + wanted));
            out.printf(
                    "subject %s, version %d, id %d, compatibility %s%n%s%n",
                    found.subject(),
                    found.version(),
                    found.id(),
                    client.compatibilityLevel(subject),
                    found.schema().toString(true));
            return SluiceMain.EXIT_OK;
        }
    }

    /** The sink subject of a pipeline, compiled against the registry (registering, or not). */
    private static SinkSubject sinkSubject(
            Path pipeline, RegistryOptions options, boolean register) {
        CachedSchemaRegistry registry = new CachedSchemaRegistry(options.client());
        CompiledPipeline compiled =
                PipelineFile.load(pipeline, Optional.of(new RegistryAccess(registry, register)));
        return compiled.sinkSubject()
                .orElseThrow(
                        () ->
                                new ConfigException(
                                        pipeline
                                                + ": the sink has no schema registry; expected"
                                                + " format: avro with registry:"));
    }

    /** The registry refused a schema for {@code subject}: says why on stderr; exit 1. */
    static int refused(
            CommandSpec spec, String subject, SchemaRegistryClient client, RegistryException e) {
        PrintWriter err = spec.commandLine().getErr();
        String rule = e.status() == 409 ? " under rule " + client.compatibilityLevel(subject) : "";
        err.println(
                spec.commandLine()
                        .getColorScheme()
                        .errorText(
                                "sluice: the registry refused the schema for subject "
                                        + subject
                                        + rule
                                        + ": "
                                        + e.getMessage()));
        err.flush();
        return SluiceMain.EXIT_FAILED;
    }
}
