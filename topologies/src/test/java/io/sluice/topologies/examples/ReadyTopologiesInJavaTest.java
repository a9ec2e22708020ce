package io.sluice.topologies.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.api.StructuredPipeline;
import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.SinkPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each ready pipeline built in Java compiles to the plan of its pipeline file. */
class ReadyTopologiesInJavaTest {
    /** The topologies module, surefire's working directory. */
    private static final Path TOPOLOGIES = Path.of("");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "json-to-avro",
                "avro-to-json",
                "invoice-notifications",
                "invoice-enriched-notifications",
                "store-sales-windows",
                "trades-windows",
                "trades-running-totals"
            })
    void shouldPrintTheFilesPlanWhenThePipelineIsBuiltInJava(String name) {
        CompiledPipeline file =
                PipelineFile.load(TOPOLOGIES.resolve(name).resolve("pipeline.yaml"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        StructuredPipeline java =
                ReadyTopologiesInJava.run(
                        name, TOPOLOGIES, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(withoutFirstLine(printed.toString(StandardCharsets.UTF_8)))
                .isEqualTo(withoutFirstLine(file.describe()));
        assertThat(firstLine(printed.toString(StandardCharsets.UTF_8)))
                .isEqualTo("pipeline " + name + " (java:" + name + ")");
        assertThat(java.outputSchema()).isEqualTo(((SinkPlan.Kafka) file.plan().sink()).schema());
        assertThat(java.plan().name()).isEqualTo(file.plan().name());
    }

    private static String firstLine(String text) {
        return text.substring(0, text.indexOf('\n'));
    }

    private static String withoutFirstLine(String text) {
        return text.substring(text.indexOf('\n') + 1);
    }
}
