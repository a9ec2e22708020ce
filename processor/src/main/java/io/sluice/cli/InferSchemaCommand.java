package io.sluice.cli;

import io.sluice.registry.RegistryException;
import io.sluice.registry.SchemaRegistryClient;
import io.sluice.serdes.csv.CsvOptions;
import io.sluice.serdes.infer.SchemaInference;
import io.sluice.serdes.json.JsonOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice infer-schema --format json|csv FILE}: prints an Avro schema inferred from samples.
 */
@Command(
        name = "infer-schema",
        mixinStandardHelpOptions = true,
        description = {
            "Prints an Avro schema (.avsc) inferred from sample records.",
            "The samples are JSON objects (one a line, or concatenated) or CSV with a header",
            "line. Start a pipeline's schema from it.",
            "With --register SUBJECT it also registers it in the schema registry."
        })
final class InferSchemaCommand implements Callable<Integer> {
    /** The sample formats. */
    enum SampleFormat {
        JSON,
        CSV
    }

    @Option(names = "--format", required = true, description = "json or csv.")
    SampleFormat format;

    @Option(
            names = "--name",
            defaultValue = "Record",
            description = "The record's name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--option",
            paramLabel = "KEY=VALUE",
            description = "A format option, as in a pipeline file (e.g. timestampFormat=...).")
    Map<String, String> options = new HashMap<>();

    @Parameters(paramLabel = "FILE", description = "The sample file.")
    Path file;

    @Option(
            names = "--register",
            paramLabel = "SUBJECT",
            description = {
                "Also registers the schema under SUBJECT in the schema registry (--registry, or",
                "schema.registry.url of the service configuration); says so on stderr."
            })
    String subject;

    @Mixin RegistryOptions registry;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Schema schema;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            schema =
                    format == SampleFormat.JSON
                            ? SchemaInference.inferJson(in, name, JsonOptions.fromMap(options))
                            : SchemaInference.inferCsv(in, name, CsvOptions.fromMap(options));
        }
        spec.commandLine().getOut().println(schema.toString(true));
        spec.commandLine().getOut().flush();
        if (subject != null) {
            return register(schema);
        }
        return SluiceMain.EXIT_OK;
    }

    /** Registers the inferred schema; the line goes to stderr, so stdout stays an .avsc. */
    private int register(Schema schema) {
        PrintWriter err = spec.commandLine().getErr();
        SchemaRegistryClient client = registry.client();
        try {
            int id = client.register(subject, schema);
            err.printf(
                    "Registered %s under subject %s: id %d%n", schema.getFullName(), subject, id);
            err.flush();
            return SluiceMain.EXIT_OK;
        } catch (RegistryException e) {
            return SchemaCommand.refused(spec, subject, client, e);
        }
    }
}
