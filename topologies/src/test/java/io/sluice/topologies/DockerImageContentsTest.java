package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image carries every ready pipeline of topologies/ and the sample data `demo` loads: no Docker
 * engine runs here, so the Dockerfile's run stage is read instead.
 */
class DockerImageContentsTest {
    private static final Path TOPOLOGIES = Path.of(".");
    private static final Path DOCKERFILE = Path.of("..", "docker", "Dockerfile");

    @Test
    void shouldCopyEveryReadyPipelineAndTheSampleDataIntoTheImage() throws IOException {
        List<String> copied =
                Files.readAllLines(DOCKERFILE).stream()
                        .filter(line -> line.startsWith("COPY topologies/"))
                        .map(line -> line.split("\\s+")[1].substring("topologies/".length()))
                        .toList();

        assertThat(copied).containsAll(readyPipelines()).contains("data");
    }

    private static List<String> readyPipelines() throws IOException {
        try (Stream<Path> entries = Files.list(TOPOLOGIES)) {
            List<String> names =
                    entries.filter(dir -> Files.isRegularFile(dir.resolve("pipeline.yaml")))
                            .map(dir -> dir.getFileName().toString())
                            .sorted()
                            .toList();
            assertThat(names).contains("trades-running-totals", "json-to-avro");
            return names;
        }
    }
}
