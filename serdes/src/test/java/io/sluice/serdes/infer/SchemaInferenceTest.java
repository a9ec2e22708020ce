package io.sluice.serdes.infer;

import static io.sluice.serdes.DecodeResults.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.Samples;
import io.sluice.serdes.Schemas;
import io.sluice.serdes.csv.CsvFormat;
import io.sluice.serdes.csv.CsvOptions;
import io.sluice.serdes.json.JsonFormat;
import io.sluice.serdes.json.JsonOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaInferenceTest {

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldInferInvoiceSchemaWhenReadingTheJsonSample() throws IOException {
        // given
        Schema inferred;
        try (InputStream in = Files.newInputStream(Samples.sharedData("invoices.jsonl"))) {
            // when
            inferred = SchemaInference.inferJson(in, "io.sluice.samples.Invoice");
        }

        // then
        assertThat(inferred)
                .isEqualTo(
                        Schemas.parse(
                                "{\"type\":\"record\",\"name\":\"Invoice\","
                                        + "\"namespace\":\"io.sluice.samples\",\"fields\":["
                                        + "{\"name\":\"InvoiceNumber\",\"type\":\"string\"},{\"name\":\"CreatedTime\",\"type\":\"long\"},"
                                        + "{\"name\":\"StoreID\",\"type\":\"string\"},{\"name\":\"PosID\",\"type\":\"string\"},"
                                        + "{\"name\":\"CustomerType\",\"type\":\"string\"},"
                                        + "{\"name\":\"CustomerCardNo\",\"type\":[\"null\",\"string\"],\"default\":null},"
                                        + "{\"name\":\"PaymentMethod\",\"type\":\"string\"},{\"name\":\"DeliveryType\",\"type\":\"string\"},"
                                        + "{\"name\":\"City\",\"type\":\"string\"},{\"name\":\"State\",\"type\":\"string\"},"
                                        + "{\"name\":\"PinCode\",\"type\":\"string\"},{\"name\":\"ItemCode\",\"type\":\"string\"},"
                                        + "{\"name\":\"ItemDescription\",\"type\":\"string\"},{\"name\":\"ItemPrice\",\"type\":\"double\"},"
                                        + "{\"name\":\"ItemQty\",\"type\":\"int\"},{\"name\":\"TotalValue\",\"type\":\"double\"}]}"));
        RowDecoder decoder = JsonFormat.decoder(inferred, JsonOptions.defaults());
        for (String line : Samples.lines("invoices.jsonl")) {
            row(decoder.decode(line.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void shouldInferTimestampWhenStringsMatchThePattern() throws IOException {
        // given
        JsonOptions options = JsonOptions.defaults().withTimestampFormat("yyyy-MM-dd HH:mm:ss");

        // when
        Schema inferred;
        try (InputStream in = Files.newInputStream(Samples.sharedData("trades.jsonl"))) {
            inferred = SchemaInference.inferJson(in, "Trade", options);
        }

        // then
        assertThat(inferred.getField("CreatedTime").schema().toString())
                .isEqualTo("{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}");
        assertThat(inferred.getField("Amount").schema().getType()).isEqualTo(Schema.Type.INT);
        assertThat(inferred.getField("Type").schema().getType()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void shouldWidenNestAndMakeOptionalWhenSamplesDiffer() {
        // given
        String samples =
                "{\"n\": 1, \"w\": 1, \"o\": {\"x\": 1}, \"a\": [1, 2], \"m\": 1, \"k\": {\"a-b\": 1}}\n"
                        + "{\"n\": 5000000000, \"w\": 2.5, \"o\": {\"x\": 2, \"y\": \"t\"}, \"a\": [], \"m\": \"s\", \"k\": {}}\n"
                        + "{\"n\": null, \"w\": 3, \"e\": true}";

        // when
        Schema inferred = SchemaInference.inferJson(stream(samples), "Sample");

        // then
        assertThat(inferred)
                .isEqualTo(
                        Schemas.parse(
                                "{\"type\":\"record\",\"name\":\"Sample\",\"fields\":["
                                        + "{\"name\":\"n\",\"type\":[\"null\",\"long\"],\"default\":null},"
                                        + "{\"name\":\"w\",\"type\":\"double\"},"
                                        + "{\"name\":\"o\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"O\",\"fields\":["
                                        + "{\"name\":\"x\",\"type\":\"int\"},{\"name\":\"y\",\"type\":[\"null\",\"string\"],\"default\":null}]}],"
                                        + "\"default\":null},"
                                        + "{\"name\":\"a\",\"type\":[\"null\",{\"type\":\"array\",\"items\":\"int\"}],\"default\":null},"
                                        + "{\"name\":\"m\",\"type\":[\"null\",\"int\",\"string\"],\"default\":null},"
                                        + "{\"name\":\"k\",\"type\":[\"null\",{\"type\":\"map\",\"values\":\"int\"}],\"default\":null},"
                                        + "{\"name\":\"e\",\"type\":[\"null\",\"boolean\"],\"default\":null}]}"));
        RowDecoder decoder = JsonFormat.decoder(inferred, JsonOptions.defaults());
        for (String line : samples.split("\n")) {
            row(decoder.decode(line.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void shouldInferTypesFromCellTextWhenReadingTheCsvSample() throws IOException {
        // given
        Schema inferred;
        try (Reader in = Files.newBufferedReader(Samples.sharedData("invoices.csv"))) {
            // when
            inferred = SchemaInference.inferCsv(in, "Invoice", CsvOptions.defaults());
        }

        // then
        assertThat(inferred.getField("CreatedTime").schema().getType()).isEqualTo(Schema.Type.LONG);
        assertThat(inferred.getField("CustomerCardNo").schema().toString())
                .isEqualTo("[\"null\",\"long\"]");
        assertThat(inferred.getField("City").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(inferred.getField("ItemPrice").schema().getType()).isEqualTo(Schema.Type.DOUBLE);
        assertThat(inferred.getField("ItemQty").schema().getType()).isEqualTo(Schema.Type.INT);
        List<String> lines = Samples.lines("invoices.csv");
        CsvOptions options =
                CsvOptions.defaults()
                        .withColumns(CsvFormat.headerColumns(lines.get(0), CsvOptions.defaults()));
        RowDecoder decoder = CsvFormat.decoder(inferred, options);
        for (String line : lines.subList(1, lines.size())) {
            row(decoder.decode(line.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void shouldKeepDigitsAsStringWhenTheyHaveLeadingZeros() {
        // when
        Schema inferred =
                SchemaInference.inferCsv(
                        new StringReader("zip,qty\n00123,1\n"), "Row", CsvOptions.defaults());

        // then
        assertThat(inferred.getField("zip").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(inferred.getField("qty").schema().getType()).isEqualTo(Schema.Type.INT);
    }

    @Test
    void shouldRefuseInputWhenThereAreNoObjects() {
        assertThatThrownBy(() -> SchemaInference.inferJson(stream(""), "Empty"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no sample records to infer a schema from");
        assertThatThrownBy(() -> SchemaInference.inferJson(stream("{} [1]"), "Mixed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample record 2 is not a JSON object");
        assertThatThrownBy(() -> SchemaInference.inferJson(stream("{\"a\": }"), "Broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON in sample record 1: Unexpected character");
    }
}
