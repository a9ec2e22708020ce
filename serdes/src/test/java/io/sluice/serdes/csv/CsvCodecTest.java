package io.sluice.serdes.csv;

import static io.sluice.serdes.DecodeResults.error;
import static io.sluice.serdes.DecodeResults.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.serdes.CodecException;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.Samples;
import io.sluice.serdes.Schemas;
import io.sluice.serdes.json.JsonFormat;
import io.sluice.serdes.json.JsonOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class CsvCodecTest {

    private final Schema invoice = Samples.schema("invoice.avsc");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private final Schema flat =
            Schemas.parse(
                    "{\"type\":\"record\",\"name\":\"Flat\",\"fields\":["
                            + "{\"name\":\"id\",\"type\":\"long\"},"
                            + "{\"name\":\"name\",\"type\":[\"null\",\"string\"],\"default\":null},"
                            + "{\"name\":\"price\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":8,\"scale\":2}},"
                            + "{\"name\":\"active\",\"type\":\"boolean\",\"default\":true},"
                            + "{\"name\":\"at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}]}");

    @Test
    void shouldDecodeEveryInvoiceLikeItsJsonTwinWhenReadingTheCsvSample() {
        // given
        List<String> csv = Samples.lines("invoices.csv");
        List<String> json = Samples.lines("invoices.jsonl");
        CsvOptions options =
                CsvOptions.defaults()
                        .withColumns(CsvFormat.headerColumns(csv.get(0), CsvOptions.defaults()));
        RowDecoder csvDecoder = CsvFormat.decoder(invoice, options);
        RowDecoder jsonDecoder = JsonFormat.decoder(invoice, JsonOptions.defaults());

        for (int i = 1; i < csv.size(); i++) {
            // when
            GenericRecord fromCsv = row(csvDecoder.decode(utf8(csv.get(i))));

            // then
            assertThat(Samples.plain(fromCsv))
                    .isEqualTo(Samples.plain(row(jsonDecoder.decode(utf8(json.get(i - 1))))));
        }
        assertThat(csv).hasSize(1001);
    }

    @Test
    void shouldWriteTheSameLineWhenRoundTrippingInvoiceCsv() {
        // given
        List<String> csv = Samples.lines("invoices.csv");
        CsvOptions options =
                CsvOptions.defaults()
                        .withColumns(CsvFormat.headerColumns(csv.get(0), CsvOptions.defaults()));
        RowDecoder decoder = CsvFormat.decoder(invoice, options);
        RowEncoder encoder = CsvFormat.encoder(invoice, options);

        for (String line : csv.subList(1, csv.size())) {
            // when
            byte[] encoded = encoder.encode(row(decoder.decode(utf8(line))));

            // then
            assertThat(text(encoded)).isEqualTo(line);
        }
    }

    @Test
    void shouldReadColumnsByHeaderNameWhenEachRecordCarriesAHeader() {
        // given
        RowDecoder decoder = CsvFormat.decoder(flat, CsvOptions.defaults().withHeader(true));

        // when
        GenericRecord row =
                row(decoder.decode(utf8("at,price,id,unknown\n2019-02-05T10:05:00Z,12.5,7,zzz\n")));

        // then
        assertThat(row.get("id")).isEqualTo(7L);
        assertThat(row.get("name")).isNull();
        assertThat(row.get("price")).isEqualTo(new BigDecimal("12.50"));
        assertThat(row.get("active")).isEqualTo(true);
        assertThat(row.get("at")).isEqualTo(Instant.parse("2019-02-05T10:05:00Z").toEpochMilli());
    }

    @Test
    void shouldWriteHeaderAndRowWhenHeaderIsConfigured() {
        // given
        CsvOptions options = CsvOptions.defaults().withHeader(true);
        GenericRecord row =
                row(
                        CsvFormat.decoder(flat, options)
                                .decode(utf8("id,name,price,active,at\n1,\"a, b\",3.10,false,5")));

        // when
        String encoded = text(CsvFormat.encoder(flat, options).encode(row));

        // then
        assertThat(encoded).isEqualTo("id,name,price,active,at\n1,\"a, b\",3.10,false,5");
    }

    @Test
    void shouldHonourDialectWhenDelimiterQuoteEscapeAndNullAreConfigured() {
        // given
        CsvOptions options =
                CsvOptions.fromMap(
                        Map.of(
                                "delimiter",
                                ";",
                                "quote",
                                "'",
                                "escape",
                                "\\",
                                "nullValue",
                                "NULL",
                                "timestampFormat",
                                "yyyy-MM-dd HH:mm:ss"));
        RowDecoder decoder = CsvFormat.decoder(flat, options);

        // when
        GenericRecord row =
                row(decoder.decode(utf8("42;'it\\'s; here';0.5;TRUE;2019-02-05 10:05:00")));
        GenericRecord nulls = row(decoder.decode(utf8("43;NULL;1;NULL;0")));
        String encoded = text(CsvFormat.encoder(flat, options).encode(nulls));

        // then
        assertThat(row.get("name")).isEqualTo("it's; here");
        assertThat(row.get("price")).isEqualTo(new BigDecimal("0.50"));
        assertThat(row.get("at")).isEqualTo(Instant.parse("2019-02-05T10:05:00Z").toEpochMilli());
        assertThat(nulls.get("name")).isNull();
        assertThat(nulls.get("active")).isEqualTo(true);
        assertThat(encoded).isEqualTo("43;NULL;1.00;true;1970-01-01 00:00:00");
    }

    @Test
    void shouldReadSchemaOrderWhenNoHeaderOrColumnsAreGiven() {
        // when
        GenericRecord row =
                row(CsvFormat.decoder(flat, CsvOptions.defaults()).decode(utf8("9,x,1,false,100")));

        // then
        assertThat(Samples.plain(row))
                .isEqualTo(
                        Map.of(
                                "id",
                                9L,
                                "name",
                                "x",
                                "price",
                                "decimal:1.00",
                                "active",
                                false,
                                "at",
                                100L));
    }

    @Test
    void shouldNameColumnWhenCellHasWrongType() {
        // when
        DecodeResult.DecodeError error =
                error(
                        CsvFormat.decoder(flat, CsvOptions.defaults())
                                .decode(utf8("9,x,abc,false,100")));

        // then
        assertThat(error.reason()).isEqualTo("expected decimal, got 'abc'");
        assertThat(error.fieldPath()).isEqualTo("price");
        assertThat(error.position()).isEqualTo(4);
    }

    @Test
    void shouldRejectEmptyCellWhenFieldIsRequired() {
        // when
        DecodeResult.DecodeError error =
                error(
                        CsvFormat.decoder(flat, CsvOptions.defaults())
                                .decode(utf8(",x,1,false,100")));

        // then
        assertThat(error.reason())
                .isEqualTo("empty or null cell for a non-nullable field without default");
        assertThat(error.fieldPath()).isEqualTo("id");
    }

    @Test
    void shouldRejectShortRowWhenRequiredColumnsAreMissing() {
        // when
        DecodeResult.DecodeError error =
                error(CsvFormat.decoder(flat, CsvOptions.defaults()).decode(utf8("9,x,1")));

        // then
        assertThat(error.reason()).isEqualTo("missing required field 'at'");
    }

    @Test
    void shouldRejectExtraCellsAndUnknownColumnsWhenStrict() {
        // given
        CsvOptions strict = CsvOptions.defaults().withStrict(true);

        // when
        DecodeResult.DecodeError extra =
                error(CsvFormat.decoder(flat, strict).decode(utf8("9,x,1,false,100,more")));
        DecodeResult.DecodeError unknown =
                error(
                        CsvFormat.decoder(flat, strict.withHeader(true))
                                .decode(utf8("id,bogus\n1,2")));
        GenericRecord lenient =
                row(
                        CsvFormat.decoder(flat, CsvOptions.defaults())
                                .decode(utf8("9,x,1,false,100,more")));

        // then
        assertThat(extra.reason()).isEqualTo("row has more than the 5 columns");
        assertThat(unknown.reason()).isEqualTo("unknown column 'bogus' in strict mode");
        assertThat(lenient.get("at")).isEqualTo(100L);
    }

    @Test
    void shouldRejectRecordWhenItHoldsTwoRowsOrNone() {
        // given
        RowDecoder decoder = CsvFormat.decoder(flat, CsvOptions.defaults());

        // when / then
        assertThat(error(decoder.decode(utf8("1,a,1,true,1\n2,b,2,true,2"))).reason())
                .isEqualTo("more than one CSV row in the record");
        assertThat(error(decoder.decode(new byte[0])).reason())
                .isEqualTo("no CSV row in the record");
    }

    @Test
    void shouldRejectUnclosedQuoteWhenRecordIsTruncated() {
        // when
        DecodeResult.DecodeError error =
                error(CsvFormat.decoder(flat, CsvOptions.defaults()).decode(utf8("1,\"abc")));

        // then
        assertThat(error.reason()).startsWith("invalid CSV: Missing closing quote");
    }

    @Test
    void shouldRejectInvalidUtf8WhenCellBytesAreMalformed() {
        // given
        byte[] bytes = {'1', ',', (byte) 0xC3, 0x28, ',', '1', ',', 't', 'r', 'u', 'e', ',', '1'};

        // when
        DecodeResult.DecodeError error =
                error(CsvFormat.decoder(flat, CsvOptions.defaults()).decode(bytes));

        // then
        assertThat(error.reason()).contains("Invalid UTF-8");
    }

    @Test
    void shouldRefuseNestedFieldsWhenBuildingCodec() {
        assertThatThrownBy(
                        () ->
                                CsvFormat.decoder(
                                        Samples.schema("all-types.avsc"), CsvOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CSV cannot hold field 'tags' of type array");
    }

    @Test
    void shouldNameFieldWhenEncodingNullIntoRequiredColumn() {
        // given
        GenericData.Record row = new GenericData.Record(flat);
        row.put("id", 1L);

        // when / then
        assertThatThrownBy(() -> CsvFormat.encoder(flat, CsvOptions.defaults()).encode(row))
                .isInstanceOf(CodecException.class)
                .hasMessage(
                        "cannot encode row as CSV: null for a non-nullable field (field price)");
    }

    @Test
    void shouldRejectUnknownKeyAndBadCharacterWhenBuildingOptionsFromMap() {
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("separator", ";")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown csv option 'separator'");
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("delimiter", ";;")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("csv option 'delimiter' is ';;'; expected a single character");
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("header", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("csv option 'header' is 'yes'; expected true or false");
    }
}
