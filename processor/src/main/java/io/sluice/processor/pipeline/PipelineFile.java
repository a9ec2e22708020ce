package io.sluice.processor.pipeline;

import io.sluice.processor.plan.PipelinePlan;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A pipeline file is the YAML description of one pipeline; this class compiles it into a plan.
 *
 * <p>Compiling validates everything that can be known before start: keys and their types, schema
 * files, formats and their options, every expression against the schema of the rows it sees, and
 * that the sink can write the rows the steps produce. The first problem found is thrown as a {@link
 * PipelineFileException} naming the file, line, column and key. See {@code docs/pipeline-file.md}
 * for the file's reference.
 */
public final class PipelineFile {

    private PipelineFile() {}

    /**
     * Compiles a pipeline file into the plan the engine runs.
     *
     * @param file the pipeline file; relative paths inside it resolve against its directory
     * @throws PipelineFileException when the file is missing or invalid
     */
    public static PipelinePlan compile(Path file) {
        return load(file).plan();
    }

    /**
     * Compiles a pipeline file into its plan and the settings of stateful steps.
     *
     * @param file the pipeline file; relative paths inside it resolve against its directory
     * @throws PipelineFileException when the file is missing or invalid
     */
    public static CompiledPipeline load(Path file) {
        return load(file, Optional.empty());
    }

    /**
     * Compiles a pipeline file whose sources or sinks may use a schema registry: a source may take
     * its row schema from it, and a sink's schema is checked against its subject (and registered,
     * when {@code registry} may).
     *
     * @param registry the schema registry; empty when none is configured
     * @throws PipelineFileException when the file is missing or invalid, the registry refuses a
     *     sink schema, or it does not answer
     */
    public static CompiledPipeline load(Path file, Optional<RegistryAccess> registry) {
        return new PipelineCompiler(file, registry).compile();
    }
}
