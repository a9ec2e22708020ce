package io.sluice.serdes.json;

import static io.sluice.serdes.DecodeResults.error;
import static io.sluice.serdes.DecodeResults.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.serdes.CodecException;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.Samples;
import io.sluice.serdes.Schemas;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Schema invoice = Samples.schema("invoice.avsc");
    private final Schema allTypes = Samples.schema("all-types.avsc");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static GenericRecord decode(Schema schema, JsonOptions options, String json) {
        return row(JsonFormat.decoder(schema, options).decode(utf8(json)));
    }

    @Test
    void shouldDecodeFirstInvoiceWithExactValuesWhenReadingTheSample() {
        // given
        String first = Samples.lines("invoices.jsonl").get(0);

        // when
        GenericRecord row = decode(invoice, JsonOptions.defaults(), first);

        // then
        assertThat(Samples.plain(row))
                .isEqualTo(
                        Map.ofEntries(
                                Map.entry("InvoiceNumber", "91372973"),
                                Map.entry("CreatedTime", 1595688903576L),
                                Map.entry("StoreID", "STR8505"),
                                Map.entry("PosID", "POS120"),
                                Map.entry("CustomerType", "PRIME"),
                                Map.entry("CustomerCardNo", "6847933272"),
                                Map.entry("PaymentMethod", "CARD"),
                                Map.entry("DeliveryType", "HOME-DELIVERY"),
                                Map.entry("City", "Surat"),
                                Map.entry("State", "Gujarat"),
                                Map.entry("PinCode", "395003"),
                                Map.entry("ItemCode", "258"),
                                Map.entry("ItemDescription", "Closet Organizer"),
                                Map.entry("ItemPrice", 1129.0),
                                Map.entry("ItemQty", 3),
                                Map.entry("TotalValue", 3387.0)));
    }

    @Test
    void shouldRoundTripEveryInvoiceWhenEncodingDecodedRows() throws Exception {
        // given
        List<String> lines = Samples.lines("invoices.jsonl");
        RowDecoder decoder = JsonFormat.decoder(invoice, JsonOptions.defaults());
        RowEncoder encoder = JsonFormat.encoder(invoice, JsonOptions.defaults());
        int nonPrime = 0;

        for (String line : lines) {
            // when
            GenericRecord row = row(decoder.decode(utf8(line)));
            byte[] encoded = encoder.encode(row);

            // then
            assertThat(MAPPER.readTree(encoded)).isEqualTo(MAPPER.readTree(line));
            assertThat(Samples.plain(row(decoder.decode(encoded)))).isEqualTo(Samples.plain(row));
            nonPrime += row.get("CustomerCardNo") == null ? 1 : 0;
        }
        assertThat(lines).hasSize(1000);
        assertThat(nonPrime).isBetween(500, 700);
    }

    @Test
    void shouldDecodeTradeTimestampsAsUtcMillisWhenPatternIsConfigured() {
        // given
        Schema trade = Samples.schema("trade.avsc");
        JsonOptions options = JsonOptions.defaults().withTimestampFormat("yyyy-MM-dd HH:mm:ss");
        RowDecoder decoder = JsonFormat.decoder(trade, options);
        List<Long> times = new ArrayList<>();

        // when
        for (String line : Samples.lines("trades.jsonl")) {
            times.add((Long) row(decoder.decode(utf8(line))).get("CreatedTime"));
        }

        // then
        assertThat(times)
                .containsExactly(
                        Instant.parse("2019-02-05T10:05:00Z").toEpochMilli(),
                        Instant.parse("2019-02-05T10:12:00Z").toEpochMilli(),
                        Instant.parse("2019-02-05T10:20:00Z").toEpochMilli(),
                        Instant.parse("2019-02-05T10:25:00Z").toEpochMilli(),
                        Instant.parse("2019-02-05T10:40:00Z").toEpochMilli(),
                        Instant.parse("2019-02-05T10:48:00Z").toEpochMilli());
    }

    @Test
    void shouldWriteTimestampsBackInThePatternWhenRoundTrippingTrades() throws Exception {
        // given
        Schema trade = Samples.schema("trade.avsc");
        JsonOptions options = JsonOptions.defaults().withTimestampFormat("yyyy-MM-dd HH:mm:ss");
        RowDecoder decoder = JsonFormat.decoder(trade, options);
        RowEncoder encoder = JsonFormat.encoder(trade, options);

        for (String line : Samples.lines("trades.jsonl")) {
            // when
            byte[] encoded = encoder.encode(row(decoder.decode(utf8(line))));

            // then
            assertThat(MAPPER.readTree(encoded)).isEqualTo(MAPPER.readTree(line));
        }
    }

    @Test
    void shouldApplyTimeZoneWhenPatternHasNoZone() {
        // given
        Schema trade = Samples.schema("trade.avsc");
        JsonOptions options =
                JsonOptions.defaults()
                        .withTimestampFormat("yyyy-MM-dd HH:mm:ss")
                        .withTimeZone(ZoneId.of("Asia/Kolkata"));

        // when
        GenericRecord row =
                decode(
                        trade,
                        options,
                        "{\"CreatedTime\": \"2019-02-05 10:05:00\", \"Type\": \"BUY\", \"Amount\": 1, \"BrokerCode\": \"A\"}");

        // then
        assertThat(row.get("CreatedTime"))
                .isEqualTo(Instant.parse("2019-02-05T04:35:00Z").toEpochMilli());
    }

    @Test
    void shouldReadIsoTimestampsAndEpochNumbersWhenNoPatternIsConfigured() {
        // given
        Schema trade = Samples.schema("trade.avsc");
        String template =
                "{\"CreatedTime\": %s, \"Type\": \"BUY\", \"Amount\": 1, \"BrokerCode\": \"A\"}";

        // when
        Object iso =
                decode(
                                trade,
                                JsonOptions.defaults(),
                                String.format(template, "\"2019-02-05T10:05:00Z\""))
                        .get("CreatedTime");
        Object offset =
                decode(
                                trade,
                                JsonOptions.defaults(),
                                String.format(template, "\"2019-02-05T11:05:00+01:00\""))
                        .get("CreatedTime");
        Object local =
                decode(
                                trade,
                                JsonOptions.defaults(),
                                String.format(template, "\"2019-02-05T10:05:00\""))
                        .get("CreatedTime");
        Object millis =
                decode(trade, JsonOptions.defaults(), String.format(template, "1549361100000"))
                        .get("CreatedTime");

        // then
        assertThat(List.of(iso, offset, local, millis)).containsOnly(1549361100000L);
    }

    @Test
    void shouldRoundTripEveryTypeWhenEncodingAndDecodingAllTypesRow() {
        // given
        GenericData.Record original = Samples.allTypesRow(allTypes);
        RowEncoder encoder = JsonFormat.encoder(allTypes, JsonOptions.defaults());
        RowDecoder decoder = JsonFormat.decoder(allTypes, JsonOptions.defaults());

        // when
        byte[] json = encoder.encode(original);
        GenericRecord decoded = row(decoder.decode(json));

        // then
        assertThat(Samples.plain(decoded)).isEqualTo(Samples.plain(original));
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains(
                        "\"payload\":\"AQID\"",
                        "\"color\":\"GREEN\"",
                        "\"price\":12.50",
                        "\"createdAt\":1549361100000",
                        "\"day\":17932",
                        "\"choice\":\"text\"");
    }

    @Test
    void shouldWidenNumbersWhenSchemaTypeIsWider() {
        // given
        Schema schema =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"N\",\"fields\":["
                                + "{\"name\":\"l\",\"type\":\"long\"},{\"name\":\"f\",\"type\":\"float\"},"
                                + "{\"name\":\"d\",\"type\":\"double\"},{\"name\":\"big\",\"type\":\"double\"}]}");

        // when
        GenericRecord row =
                decode(
                        schema,
                        JsonOptions.defaults(),
                        "{\"l\": 7, \"f\": 3, \"d\": 9007199254740993, \"big\": 12345678901234567890123}");

        // then
        assertThat(row.get("l")).isEqualTo(7L);
        assertThat(row.get("f")).isEqualTo(3.0f);
        assertThat(row.get("d")).isEqualTo(9.007199254740992E15);
        assertThat(row.get("big")).isEqualTo(1.2345678901234568E22);
    }

    @Test
    void shouldReadNumbersGivenAsStringsWhenAllowed() {
        // given
        Schema schema =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"N\",\"fields\":["
                                + "{\"name\":\"i\",\"type\":\"int\"},{\"name\":\"d\",\"type\":\"double\"},"
                                + "{\"name\":\"b\",\"type\":\"boolean\"}]}");
        String json = "{\"i\": \"-12\", \"d\": \"2.5e1\", \"b\": \"TRUE\"}";

        // when
        GenericRecord row = decode(schema, JsonOptions.defaults(), json);
        var refused =
                JsonFormat.decoder(schema, JsonOptions.defaults().withNumbersAsStrings(false))
                        .decode(utf8(json));

        // then
        assertThat(row.get("i")).isEqualTo(-12);
        assertThat(row.get("d")).isEqualTo(25.0);
        assertThat(row.get("b")).isEqualTo(true);
        assertThat(error(refused).reason()).isEqualTo("expected int, got string '-12'");
        assertThat(error(refused).fieldPath()).isEqualTo("i");
    }

    @Test
    void shouldFillDefaultsAndNullsWhenOptionalFieldsAreAbsent() {
        // given
        String json =
                "{\"flag\": false, \"count\": 1, \"total\": 2, \"ratio\": 1.5, \"amount\": 2.5, \"name\": \"n\","
                        + " \"payload\": \"\", \"hash\": \"AAAAAA==\", \"color\": \"RED\", \"tags\": [], \"scores\": {},"
                        + " \"address\": {\"street\": \"s\"}, \"lines\": [], \"createdAt\": 0, \"createdAtMicros\": 0,"
                        + " \"day\": 0, \"price\": 0, \"fixedPrice\": \"1.5\", \"id\": \"123e4567-e89b-12d3-a456-426614174000\"}";

        // when
        GenericRecord row = decode(allTypes, JsonOptions.defaults(), json);

        // then
        assertThat(row.get("note")).isNull();
        assertThat(row.get("choice")).isNull();
        assertThat(row.get("level")).isEqualTo(7);
        assertThat(((GenericRecord) row.get("address")).get("zip")).isNull();
        assertThat(row.get("price")).isEqualTo(new BigDecimal("0.00"));
        assertThat(row.get("fixedPrice")).isEqualTo(new BigDecimal("1.500"));
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenNotStrict() {
        // given
        Schema trade = Samples.schema("trade.avsc");
        String json =
                "{\"CreatedTime\": 1, \"Extra\": {\"deep\": [1, 2, {\"x\": null}]}, \"Type\": \"BUY\","
                        + " \"Amount\": 1, \"BrokerCode\": \"A\"}";

        // when
        GenericRecord lenient = decode(trade, JsonOptions.defaults(), json);
        var strict =
                JsonFormat.decoder(trade, JsonOptions.defaults().withStrict(true))
                        .decode(utf8(json));

        // then
        assertThat(lenient.get("Type")).isEqualTo("BUY");
        assertThat(error(strict).reason()).isEqualTo("unknown field 'Extra' in strict mode");
    }

    @Test
    void shouldChooseUnionBranchByTokenWhenUnionIsGeneral() {
        // given
        Schema schema =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"U\",\"fields\":["
                                + "{\"name\":\"u\",\"type\":[\"int\",\"long\",\"string\",{\"type\":\"array\",\"items\":\"int\"}]}]}");

        // when
        Object small = decode(schema, JsonOptions.defaults(), "{\"u\": 5}").get("u");
        Object large = decode(schema, JsonOptions.defaults(), "{\"u\": 5000000000}").get("u");
        Object text = decode(schema, JsonOptions.defaults(), "{\"u\": \"five\"}").get("u");
        Object array = decode(schema, JsonOptions.defaults(), "{\"u\": [1, 2]}").get("u");

        // then
        assertThat(small).isEqualTo(5);
        assertThat(large).isEqualTo(5_000_000_000L);
        assertThat(text).isEqualTo("five");
        assertThat(array).isEqualTo(List.of(1, 2));
    }

    @Test
    void shouldNameFieldWhenEncodingRowWithWrongValueType() {
        // given
        GenericData.Record row = Samples.allTypesRow(allTypes);
        ((GenericData.Record) row.get("address")).put("street", 12);
        RowEncoder encoder = JsonFormat.encoder(allTypes, JsonOptions.defaults());

        // when / then
        assertThatThrownBy(() -> encoder.encode(row))
                .isInstanceOf(CodecException.class)
                .hasMessage(
                        "cannot encode row as JSON: expected string, got Integer (field address.street)")
                .extracting(e -> ((CodecException) e).fieldPath())
                .isEqualTo("address.street");
    }

    @Test
    void shouldKeepEncodingWhenAPreviousRowFailed() throws Exception {
        // given
        RowEncoder encoder = JsonFormat.encoder(invoice, JsonOptions.defaults());
        RowDecoder decoder = JsonFormat.decoder(invoice, JsonOptions.defaults());
        String line = Samples.lines("invoices.jsonl").get(1);
        GenericRecord good = row(decoder.decode(utf8(line)));
        GenericData.Record bad = new GenericData.Record(invoice);

        // when
        assertThatThrownBy(() -> encoder.encode(bad)).isInstanceOf(CodecException.class);
        byte[] encoded = encoder.encode(good);

        // then
        assertThat(MAPPER.readTree(encoded)).isEqualTo(MAPPER.readTree(line));
    }

    @Test
    void shouldRejectUnknownOptionKeyWhenBuildingFromMap() {
        assertThatThrownBy(() -> JsonOptions.fromMap(Map.of("timestampFromat", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown json option 'timestampFromat'");
    }

    @Test
    void shouldReadEveryKeyWhenBuildingFromMap() {
        // when
        JsonOptions options =
                JsonOptions.fromMap(
                        Map.of(
                                "strict", "true",
                                "numbersAsStrings", "false",
                                "timestampFormat", "yyyy-MM-dd HH:mm:ss",
                                "dateFormat", "dd/MM/yyyy",
                                "timeZone", "Europe/Paris",
                                "maxNestingDepth", "10"));

        // then
        assertThat(options)
                .isEqualTo(
                        new JsonOptions(
                                true,
                                false,
                                java.util.Optional.of("yyyy-MM-dd HH:mm:ss"),
                                java.util.Optional.of("dd/MM/yyyy"),
                                ZoneId.of("Europe/Paris"),
                                10));
    }

    @Test
    void shouldRejectBadPatternWhenBuildingFromMap() {
        assertThatThrownBy(
                        () ->
                                JsonOptions.fromMap(
                                        Map.of("timestampFormat", "yyyy-MM-dd HH:mm:ss qqqqqq")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid date-time pattern");
    }

    @Test
    void shouldReadRecursiveSchemaUntilTheNestingLimitWhenRecordsNest() {
        // given
        Schema node =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                                + "{\"name\":\"value\",\"type\":\"int\"},"
                                + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"],\"default\":null}]}");
        RowDecoder decoder =
                JsonFormat.decoder(node, JsonOptions.defaults().withMaxNestingDepth(10));
        String three = "{\"value\": 1, \"next\": {\"value\": 2, \"next\": {\"value\": 3}}}";
        String deep = "{\"value\": 0, \"next\": ".repeat(20) + "null" + "}".repeat(20);

        // when
        GenericRecord row = row(decoder.decode(utf8(three)));
        var tooDeep = decoder.decode(utf8(deep));

        // then
        assertThat(((GenericRecord) ((GenericRecord) row.get("next")).get("next")).get("value"))
                .isEqualTo(3);
        assertThat(error(tooDeep).reason())
                .startsWith(
                        "invalid JSON: Document nesting depth (11) exceeds the maximum allowed (10");
    }

    @Test
    void shouldReadMapsBytesAndDatesWhenGivenAsJson() {
        // given
        Schema schema =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"M\",\"fields\":["
                                + "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":[\"null\",\"double\"]}},"
                                + "{\"name\":\"b\",\"type\":\"bytes\"},"
                                + "{\"name\":\"d\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
                                + "{\"name\":\"us\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}}]}");

        // when
        GenericRecord row =
                decode(
                        schema,
                        JsonOptions.defaults(),
                        "{\"m\": {\"a\": 1, \"b\": null}, \"b\": \"AAEC\", \"d\": \"2019-02-05\","
                                + " \"us\": \"2019-02-05T10:05:00.000123Z\"}");

        // then
        Map<String, Object> expectedMap = new java.util.LinkedHashMap<>();
        expectedMap.put("a", 1.0);
        expectedMap.put("b", null);
        assertThat(row.get("m")).isEqualTo(expectedMap);
        assertThat(Samples.plain(row.get("b"))).isEqualTo("hex:000102");
        assertThat(row.get("d")).isEqualTo(17932);
        assertThat(row.get("us")).isEqualTo(1_549_361_100_000_123L);
    }
}
