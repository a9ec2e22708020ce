package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data sharing archive that {@code bin/sluice} makes after each build: the training run
 * makes one without a cluster, and a later JVM maps Sluice's classes from it.
 */
class StartupTrainingIT {
    private static final Path PIPELINE =
            Path.of("..", "topologies", "json-to-avro", "pipeline.yaml");
    private static final Path WINDOWS =
            Path.of("..", "topologies", "store-sales-windows", "pipeline.yaml");

    @TempDir Path directory;

    @Test
    void theTrainingRunArchivesTheClassesThatAStartOfRunLoads() throws Exception {
        Path archive = directory.resolve("sluice.jsa");

        Result training =
                java(
                        "-XX:ArchiveClassesAtExit=" + archive,
                        StartupTraining.class.getName(),
                        PIPELINE.toString(),
                        WINDOWS.toString());

        assertThat(training.exitCode()).as(training.output()).isZero();
        assertThat(archive).isNotEmptyFile();

        // -Xshare:on fails the JVM if the archive cannot be mapped
        Result validate =
                java(
                        "-XX:SharedArchiveFile=" + archive,
                        "-Xshare:on",
                        "-Xlog:class+load=info",
                        SluiceMain.class.getName(),
                        "validate",
                        PIPELINE.toString());

        assertThat(validate.exitCode()).as(validate.output()).isZero();
        assertThat(validate.output())
                .contains("io.sluice.cli.RunCommand source: shared objects file")
                .contains("io.sluice.processor.pipeline.PipelineFile source: shared objects file")
                .contains("io.sluice.serdes.json.JsonOptions source: shared objects file")
                .contains("plan");

        // what a run loads after the cluster check, which the training never reaches: the
        // engine, a windowed step, the Kafka clients' errors
        Result contents =
                java("-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit");
        assertThat(contents.output())
                .contains("io.sluice.processor.engine.BatchLoop app_loader")
                .contains("io.sluice.processor.engine.RecordProcessor app_loader")
                .contains("org.apache.kafka.common.protocol.Errors app_loader")
                .contains("io.sluice.processor.window.WindowAggregator app_loader");
    }

    private Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classPath());
        command.addAll(List.of(args));
        Path output = Files.createTempFile(directory, "java", ".out");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The packaged jar and its dependencies, as bin/sluice runs them: CDS takes only jars. */
    private static String classPath() throws IOException {
        Path target = Path.of("target");
        try (var jars = Files.list(target)) {
            Path jar =
                    jars.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .matches("sluice-processor-.*\\.jar"))
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("package the jar first"));
            return jar + java.io.File.pathSeparator + target.resolve("lib") + "/*";
        }
    }

    private record Result(int exitCode, String output) {}
}
