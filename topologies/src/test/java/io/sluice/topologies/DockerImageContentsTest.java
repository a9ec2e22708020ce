package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image carries every ready pipeline of topologies/ and the sample data `demo` loads, and its
 * build stage has every module Maven's reactor lists: no Docker engine runs here, so the Dockerfile
 * is read instead.
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

    @Test
    void shouldCopyEveryModuleOfTheRootPomIntoTheBuildStage() throws IOException {
        // Maven refuses a reactor whose listed module has no directory, even with -pl: a module
        // missing here breaks `docker build`, which nothing here runs.
        Matcher modules =
                Pattern.compile("<module>([^<]+)</module>")
                        .matcher(Files.readString(Path.of("..", "pom.xml")));
        List<String> listed = new ArrayList<>();
        while (modules.find()) {
            listed.add(modules.group(1));
        }
        List<String> copied =
                Files.readAllLines(DOCKERFILE).stream()
                        .map(line -> line.split("\\s+"))
                        .filter(words -> words.length == 3 && words[0].equals("COPY"))
                        .filter(words -> words[1].equals(words[2]))
                        .map(words -> words[1])
                        .toList();

        assertThat(listed).contains("processor", "registry");
        assertThat(copied).containsAll(listed.stream().filter(m -> !m.equals("bench")).toList());
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
