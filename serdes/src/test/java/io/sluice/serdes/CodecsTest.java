package io.sluice.serdes;

import static io.sluice.serdes.DecodeResults.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.serdes.avro.ConfluentSchemaDirectory;
import io.sluice.serdes.avro.SchemaStore;
import io.sluice.serdes.csv.CsvOptions;
import io.sluice.serdes.json.JsonOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecsTest {

    private final Schema allTypes = Samples.schema("all-types.avsc");

    @TempDir Path directory;

    @Test
    void shouldRoundTripEveryTypeWhenUsingEachNestedFormat() {
        // given
        GenericData.Record original = Samples.allTypesRow(allTypes);
        List<FormatSpec> formats =
                List.of(
                        new FormatSpec.Json(JsonOptions.defaults()),
                        new FormatSpec.Json(
                                JsonOptions.defaults()
                                        .withTimestampFormat("iso")
                                        .withDateFormat("dd/MM/yyyy")),
                        FormatSpec.Avro.sameAsRow(),
                        new FormatSpec.AvroSingleObject(SchemaStore.of(List.of())),
                        new FormatSpec.AvroConfluent(
                                ConfluentSchemaDirectory.of(Map.of(3, allTypes)),
                                OptionalInt.empty()));

        for (FormatSpec format : formats) {
            // when
            byte[] bytes = Codecs.encoder(format, allTypes).encode(original);
            DecodeResult result = Codecs.decoder(format, allTypes).decode(bytes);

            // then
            assertThat(Samples.plain(row(result)))
                    .as(format.toString())
                    .isEqualTo(Samples.plain(original));
        }
    }

    @Test
    void shouldWriteIsoTextWhenTimestampFormatIsIso() {
        // given
        FormatSpec json =
                new FormatSpec.Json(
                        JsonOptions.defaults().withTimestampFormat("iso").withDateFormat("iso"));

        // when
        String text =
                new String(
                        Codecs.encoder(json, allTypes).encode(Samples.allTypesRow(allTypes)),
                        java.nio.charset.StandardCharsets.UTF_8);

        // then
        assertThat(text)
                .contains(
                        "\"createdAt\":\"2019-02-05T10:05:00Z\"",
                        "\"createdAtMicros\":\"2019-02-05T10:05:00.000123Z\"",
                        "\"day\":\"2019-02-05\"");
    }

    @Test
    void shouldRoundTripFlatRowWhenUsingCsv() {
        // given
        Schema flat =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"F\",\"fields\":["
                                + "{\"name\":\"b\",\"type\":\"boolean\"},{\"name\":\"i\",\"type\":\"int\"},"
                                + "{\"name\":\"f\",\"type\":\"float\"},{\"name\":\"s\",\"type\":[\"null\",\"string\"]},"
                                + "{\"name\":\"bytes\",\"type\":\"bytes\"},"
                                + "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}},"
                                + "{\"name\":\"u\",\"type\":[\"null\",\"long\",\"string\"]},"
                                + "{\"name\":\"d\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
                                + "{\"name\":\"id\",\"type\":{\"type\":\"string\",\"logicalType\":\"uuid\"}}]}");
        GenericData.Record row = new GenericData.Record(flat);
        row.put("b", true);
        row.put("i", -4);
        row.put("f", 2.5f);
        row.put("s", "multi\nline \"text\"");
        row.put("bytes", java.nio.ByteBuffer.wrap(new byte[] {0, 1}));
        row.put("e", new GenericData.EnumSymbol(flat.getField("e").schema(), "B"));
        row.put("u", 77L);
        row.put("d", 18_000);
        row.put("id", "123e4567-e89b-12d3-a456-426614174000");
        FormatSpec csv = new FormatSpec.Csv(CsvOptions.defaults());

        // when
        byte[] bytes = Codecs.encoder(csv, flat).encode(row);

        // then
        assertThat(Samples.plain(row(Codecs.decoder(csv, flat).decode(bytes))))
                .isEqualTo(Samples.plain(row));
    }

    @Test
    void shouldBuildEachFormatWhenReadingPipelineOptions() throws IOException {
        // given
        Files.writeString(directory.resolve("writer.avsc"), allTypes.toString());

        // when
        FormatSpec json =
                FormatSpec.of(
                        "json", Map.of("strict", "true", "timeZone", "Asia/Kolkata"), directory);
        FormatSpec csv =
                FormatSpec.of(
                        "csv",
                        Map.of("delimiter", ";", "header", "true", "nullValue", "NA"),
                        directory);
        FormatSpec avro = FormatSpec.of("avro", Map.of("writerSchema", "writer.avsc"), directory);
        FormatSpec single =
                FormatSpec.of("avro-single-object", Map.of("schemaDirectory", "."), directory);

        // then
        assertThat(json)
                .isEqualTo(
                        new FormatSpec.Json(
                                JsonOptions.defaults()
                                        .withStrict(true)
                                        .withTimeZone(ZoneId.of("Asia/Kolkata"))));
        assertThat(csv)
                .isEqualTo(
                        new FormatSpec.Csv(
                                CsvOptions.defaults()
                                        .withDelimiter(';')
                                        .withHeader(true)
                                        .withNullValue("NA")));
        assertThat(avro).isEqualTo(new FormatSpec.Avro(Optional.of(allTypes)));
        assertThat(
                        ((FormatSpec.AvroSingleObject) single)
                                .store()
                                .findByFingerprint(SchemaStore.fingerprint(allTypes)))
                .contains(allTypes);
    }

    @Test
    void shouldNameTheProblemWhenPipelineOptionsAreWrong() {
        assertThatThrownBy(() -> FormatSpec.of("xml", Map.of(), directory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown format 'xml'; known formats: json, csv, avro, avro-single-object, avro-confluent");
        assertThatThrownBy(() -> FormatSpec.of("avro", Map.of("schema", "x.avsc"), directory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown avro option 'schema'; known options: writerSchema");
        assertThatThrownBy(() -> FormatSpec.of("json", Map.of("maxNestingDepth", "-1"), directory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("json option 'maxNestingDepth' is '-1'; expected a positive integer");
    }

    @Test
    void shouldNameTheFileWhenSchemaIsInvalid() throws IOException {
        // given
        Path file =
                Files.writeString(
                        directory.resolve("broken.avsc"),
                        "{\"type\": \"record\", \"name\": \"X\"}");

        // when / then
        assertThatThrownBy(() -> Schemas.parse(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid Avro schema in " + file + ": ");
    }

    @Test
    void shouldRefuseSchemaWhenItIsNotARecord() {
        assertThatThrownBy(
                        () ->
                                Codecs.decoder(
                                        new FormatSpec.Json(JsonOptions.defaults()),
                                        Schema.create(Schema.Type.LONG)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row schema must be a record, got LONG");
    }

    @Test
    void shouldReadWellInADeadLetterHeaderWhenErrorIsFormatted() {
        assertThat(
                        new DecodeResult.DecodeError("expected int, got 'x'", "Items[2].Qty", 41)
                                .message())
                .isEqualTo("expected int, got 'x' at field Items[2].Qty (offset 41)");
        assertThat(new DecodeResult.DecodeError("unknown schema id 9", "", -1).message())
                .isEqualTo("unknown schema id 9");
    }
}
