package io.sluice.serdes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemasTest {
    @TempDir Path directory;

    @Test
    void shouldNameFileLineAndColumnWithoutJacksonInternalsWhenTheJsonIsBroken()
            throws IOException {
        Path file = directory.resolve("bad.avsc");
        Files.writeString(file, "{\n  \"type\": \"record\",\n  \"name\": \"R\",\n  }\n");

        assertThatThrownBy(() -> Schemas.parse(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "invalid Avro schema in "
                                + file
                                + ":4:3: Unexpected character ('}' (code 125)): was expecting"
                                + " double-quote to start field name");
    }

    @Test
    void shouldSayWhereTheOpenObjectStartedWhenTheFileEndsInsideIt() throws IOException {
        Path file = directory.resolve("cut.avsc");
        Files.writeString(file, "{\"type\": \"record\", \"name\": \"R\", \"fields\": [\n");

        assertThatThrownBy(() -> Schemas.parse(file))
                .hasMessage(
                        "invalid Avro schema in "
                                + file
                                + ":2:1: Unexpected end-of-input: expected close marker for Array"
                                + " (start marker at line 1, column 43)");
    }

    @Test
    void shouldKeepAvrosOwnMessageWhenTheJsonIsValidButTheSchemaIsNot() {
        assertThatThrownBy(() -> Schemas.parse("{\"type\": \"recrod\", \"name\": \"R\"}"))
                .hasMessage(
                        "invalid Avro schema in schema text: A schema \"type\" MUST be a primitive"
                                + " type or one of \"enum\", \"fixed\", \"record\", \"error\","
                                + " \"array\" or \"map\".");
    }
}
