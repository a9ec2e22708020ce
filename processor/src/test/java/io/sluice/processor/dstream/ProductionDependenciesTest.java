package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The DStream packages are production code: the test kit builds on them, never the reverse. */
class ProductionDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/sluice/processor/dstream");

    @Test
    void shouldNotImportTheTestKitWhenInTheDStreamPackages() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }

        assertThat(sources).isNotEmpty();
        assertThat(sources)
                .filteredOn(ProductionDependenciesTest::importsTheTestKit)
                .as("sources importing io.sluice.processor.testkit")
                .isEmpty();
    }

    private static boolean importsTheTestKit(Path source) {
        try {
            return Files.readAllLines(source).stream()
                    .anyMatch(line -> line.startsWith("import io.sluice.processor.testkit."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
