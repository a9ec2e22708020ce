package io.sluice.serdes.avro;

import static io.sluice.serdes.DecodeResults.error;
import static io.sluice.serdes.DecodeResults.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.Samples;
import io.sluice.serdes.Schemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfluentFormatTest {

    private static final String V1 =
            "{\"type\":\"record\",\"name\":\"Trade\",\"fields\":["
                    + "{\"name\":\"Type\",\"type\":\"string\"},{\"name\":\"Amount\",\"type\":\"int\"}]}";
    private static final String V2 =
            "{\"type\":\"record\",\"name\":\"Trade\",\"fields\":["
                    + "{\"name\":\"Type\",\"type\":\"string\"},{\"name\":\"Amount\",\"type\":\"long\"},"
                    + "{\"name\":\"BrokerCode\",\"type\":\"string\",\"default\":\"NONE\"}]}";

    @TempDir Path directory;

    private ConfluentSchemaDirectory load() throws IOException {
        Files.writeString(directory.resolve("7-trade-v1.avsc"), V1);
        Files.writeString(directory.resolve("8.avsc"), V2);
        Files.writeString(directory.resolve("README.txt"), "not a schema");
        return ConfluentSchemaDirectory.load(directory);
    }

    private static GenericData.Record tradeV1(Schema v1) {
        GenericData.Record row = new GenericData.Record(v1);
        row.put("Type", "BUY");
        row.put("Amount", 500);
        return row;
    }

    @Test
    void shouldFrameWithMagicByteAndIdWhenEncoding() throws IOException {
        // given
        ConfluentSchemaDirectory schemas = load();
        Schema v1 = Schemas.parse(V1);

        // when
        byte[] bytes =
                Codecs.encoder(
                                new FormatSpec.AvroConfluent(
                                        schemas, java.util.OptionalInt.empty()),
                                v1)
                        .encode(tradeV1(v1));

        // then
        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 0, 7);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length))
                .isEqualTo(AvroFormat.encoder(v1).encode(tradeV1(v1)));
    }

    @Test
    void shouldResolveEachWriterByIdWhenDecodingMixedVersions() throws IOException {
        // given
        ConfluentSchemaDirectory schemas = load();
        Schema v1 = Schemas.parse(V1);
        Schema v2 = Schemas.parse(V2);
        GenericData.Record newer = new GenericData.Record(v2);
        newer.put("Type", "SELL");
        newer.put("Amount", 400L);
        newer.put("BrokerCode", "ABX");
        RowDecoder decoder =
                Codecs.decoder(
                        new FormatSpec.AvroConfluent(schemas, java.util.OptionalInt.empty()), v2);

        // when
        GenericRecord fromV1 =
                row(decoder.decode(AvroFormat.confluentEncoder(schemas, 7).encode(tradeV1(v1))));
        GenericRecord fromV2 =
                row(decoder.decode(AvroFormat.confluentEncoder(schemas, 8).encode(newer)));

        // then
        assertThat(Samples.plain(fromV1))
                .isEqualTo(Map.of("Type", "BUY", "Amount", 500L, "BrokerCode", "NONE"));
        assertThat(Samples.plain(fromV2))
                .isEqualTo(Map.of("Type", "SELL", "Amount", 400L, "BrokerCode", "ABX"));
    }

    @Test
    void shouldReturnErrorWhenSchemaIdIsUnknown() throws IOException {
        // given
        RowDecoder decoder = AvroFormat.confluentDecoder(Schemas.parse(V2), load());

        // when
        DecodeResult.DecodeError error =
                error(decoder.decode(new byte[] {0, 0, 0, 1, 44, 6, 'B', 'U', 'Y', 2}));

        // then
        assertThat(error.reason()).isEqualTo("unknown schema id 300");
        assertThat(error.position()).isEqualTo(1);
    }

    @Test
    void shouldReturnErrorWhenMagicByteIsWrong() throws IOException {
        // when
        DecodeResult.DecodeError error =
                error(
                        AvroFormat.confluentDecoder(Schemas.parse(V2), load())
                                .decode(new byte[] {1, 0}));

        // then
        assertThat(error.reason())
                .isEqualTo(
                        "not Confluent wire format: expected magic byte 0 and a 4-byte schema id");
    }

    @Test
    void shouldReturnErrorWhenWriterCannotBeReadAsRowSchema() throws IOException {
        // given
        ConfluentSchemaDirectory schemas = load();
        Schema v1 = Schemas.parse(V1);
        byte[] bytes =
                AvroFormat.confluentEncoder(schemas, 8)
                        .encode(
                                new GenericData.Record(Schemas.parse(V2)) {
                                    {
                                        put("Type", "BUY");
                                        put("Amount", 1L);
                                        put("BrokerCode", "X");
                                    }
                                });

        // when
        DecodeResult.DecodeError error =
                error(AvroFormat.confluentDecoder(v1, schemas).decode(bytes));

        // then
        assertThat(error.reason())
                .startsWith(
                        "schema id 8: writer schema Trade cannot be read as Trade; TYPE_MISMATCH");
    }

    @Test
    void shouldRefuseFileWhenItsNameHasNoId() throws IOException {
        // given
        Files.writeString(directory.resolve("trade.avsc"), V1);

        // when / then
        assertThatThrownBy(() -> ConfluentSchemaDirectory.load(directory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(
                        "must be named <id>.avsc or <id>-<name>.avsc, with a decimal schema id");
    }

    @Test
    void shouldReadDirectoryAndIdWhenBuiltFromPipelineOptions() throws IOException {
        // given
        Path schemas = Files.createDirectory(directory.resolve("schemas"));
        Files.writeString(schemas.resolve("8.avsc"), V2);

        // when
        FormatSpec spec =
                FormatSpec.of(
                        "avro-confluent",
                        Map.of("schemaDirectory", "schemas", "schemaId", "8"),
                        directory);

        // then
        FormatSpec.AvroConfluent confluent = (FormatSpec.AvroConfluent) spec;
        assertThat(confluent.schemaId()).hasValue(8);
        assertThat(confluent.directory().schema(8)).contains(Schemas.parse(V2));
    }

    @Test
    void shouldRequireDirectoryWhenBuiltFromPipelineOptions() {
        assertThatThrownBy(() -> FormatSpec.of("avro-confluent", Map.of(), directory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "avro-confluent needs option 'schemaDirectory': a directory of <id>.avsc files");
    }
}
