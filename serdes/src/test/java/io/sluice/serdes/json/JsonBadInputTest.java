package io.sluice.serdes.json;

import static io.sluice.serdes.DecodeResults.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.Samples;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class JsonBadInputTest {

    private final Schema invoice = Samples.schema("invoice.avsc");
    private final RowDecoder decoder = JsonFormat.decoder(invoice, JsonOptions.defaults());
    private final String line = Samples.lines("invoices.jsonl").get(0);

    private DecodeResult.DecodeError decodeError(String json) {
        return error(decoder.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldReportPositionWhenJsonIsInvalid() {
        // when
        DecodeResult.DecodeError error = decodeError("{\"InvoiceNumber\": }");

        // then
        assertThat(error.reason()).startsWith("invalid JSON: Unexpected character ('}'");
        assertThat(error.fieldPath()).isEqualTo("InvoiceNumber");
        assertThat(error.position()).isEqualTo(18);
    }

    @Test
    void shouldReportEndOfInputWhenRecordIsTruncated() {
        // when
        DecodeResult.DecodeError error = decodeError(line.substring(0, line.length() / 2));

        // then
        assertThat(error.reason())
                .startsWith("invalid JSON: Unexpected end-of-input")
                .doesNotContain("[Source:");
        assertThat(error.position()).isGreaterThan(0);
    }

    @Test
    void shouldNameFieldAndOffsetWhenTypeIsWrong() {
        // given
        String json = line.replace("\"ItemQty\": 3", "\"ItemQty\": \"three\"");

        // when
        DecodeResult.DecodeError error = decodeError(json);

        // then
        assertThat(error.reason()).isEqualTo("expected int, got 'three'");
        assertThat(error.fieldPath()).isEqualTo("ItemQty");
        assertThat(error.position()).isEqualTo(json.indexOf("\"three\""));
        assertThat(error.message())
                .isEqualTo(
                        "expected int, got 'three' at field ItemQty (offset "
                                + json.indexOf("\"three\"")
                                + ")");
    }

    @Test
    void shouldRejectRecordWhenRequiredFieldIsMissing() {
        // when
        DecodeResult.DecodeError error =
                decodeError(line.replace("\"InvoiceNumber\": \"91372973\", ", ""));

        // then
        assertThat(error.reason()).isEqualTo("missing required field 'InvoiceNumber'");
        assertThat(error.fieldPath()).isEmpty();
    }

    @Test
    void shouldRejectNullWhenFieldIsNotNullable() {
        // when
        DecodeResult.DecodeError error =
                decodeError(line.replace("\"City\": \"Surat\"", "\"City\": null"));

        // then
        assertThat(error.reason()).isEqualTo("expected string, got null");
        assertThat(error.fieldPath()).isEqualTo("City");
    }

    @Test
    void shouldRejectIntBeyondRangeWhenNumberIsHuge() {
        // when
        DecodeResult.DecodeError error =
                decodeError(line.replace("\"ItemQty\": 3", "\"ItemQty\": 99999999999"));

        // then
        assertThat(error.reason()).isEqualTo("number out of range for int: 99999999999");
    }

    @Test
    void shouldRejectDoubleBeyondRangeWhenExponentIsHuge() {
        // when
        DecodeResult.DecodeError error =
                decodeError(line.replace("\"ItemPrice\": 1129.0", "\"ItemPrice\": 1e400"));

        // then
        assertThat(error.reason()).isEqualTo("number out of range for double: 1e400");
        assertThat(error.fieldPath()).isEqualTo("ItemPrice");
    }

    @Test
    void shouldRejectLongBeyondRangeWhenIntegerHasManyDigits() {
        // when
        DecodeResult.DecodeError error =
                decodeError(line.replace("1595688903576", "123456789012345678901234567890"));

        // then
        assertThat(error.reason())
                .isEqualTo(
                        "number out of range for timestamp-millis: 123456789012345678901234567890");
        assertThat(error.fieldPath()).isEqualTo("CreatedTime");
    }

    @Test
    void shouldRejectNumberWhenItExceedsTheLengthLimit() {
        // when
        DecodeResult.DecodeError error =
                decodeError(
                        line.replace(
                                "\"ItemPrice\": 1129.0", "\"ItemPrice\": 1" + "0".repeat(5000)));

        // then
        assertThat(error.reason()).startsWith("invalid JSON: Number value length (");
        assertThat(error.reason()).contains("exceeds the maximum allowed (1000");
    }

    @Test
    void shouldRejectDeepNestingWhenUnknownFieldNestsBeyondTheLimit() {
        // given
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        // when
        DecodeResult.DecodeError error = decodeError("{\"Extra\": " + deep + "}");

        // then
        assertThat(error.reason())
                .startsWith(
                        "invalid JSON: Document nesting depth (65) exceeds the maximum allowed (64");
    }

    @Test
    void shouldRejectInvalidUtf8WhenStringBytesAreMalformed() {
        // given
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int at = line.indexOf("Surat");
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28;

        // when
        DecodeResult.DecodeError error = error(decoder.decode(bytes));

        // then
        assertThat(error.reason()).startsWith("invalid JSON: Invalid UTF-8 middle byte 0x28");
        assertThat(error.fieldPath()).isEqualTo("City");
    }

    @Test
    void shouldRejectRootWhenItIsNotAnObject() {
        assertThat(decodeError("[1, 2]").reason()).isEqualTo("expected a JSON object, got array");
        assertThat(decodeError("").reason()).isEqualTo("expected a JSON object, got end of input");
        assertThat(decodeError("  42").reason()).isEqualTo("expected a JSON object, got number 42");
    }

    @Test
    void shouldRejectRecordWhenContentFollowsTheObject() {
        // when
        DecodeResult.DecodeError error = decodeError(line + " {}");

        // then
        assertThat(error.reason()).isEqualTo("unexpected content after the JSON object");
        assertThat(error.position()).isEqualTo(line.length() + 1);
    }

    @Test
    void shouldNameNestedPathWhenArrayItemFieldIsWrong() {
        // given
        Schema schema = Samples.schema("all-types.avsc");
        RowDecoder allTypes = JsonFormat.decoder(schema, JsonOptions.defaults());
        String json = "{\"lines\": [{\"sku\": \"a\", \"qty\": 1}, {\"sku\": \"b\", \"qty\": [2]}]}";

        // when
        DecodeResult.DecodeError error =
                error(allTypes.decode(json.getBytes(StandardCharsets.UTF_8)));

        // then
        assertThat(error.reason()).isEqualTo("expected int, got array");
        assertThat(error.fieldPath()).isEqualTo("lines[1].qty");
    }

    @Test
    void shouldRejectSymbolWhenEnumDoesNotHaveIt() {
        // given
        Schema schema = Samples.schema("all-types.avsc");
        RowDecoder allTypes = JsonFormat.decoder(schema, JsonOptions.defaults());

        // when
        DecodeResult.DecodeError error =
                error(allTypes.decode("{\"color\": \"PINK\"}".getBytes(StandardCharsets.UTF_8)));

        // then
        assertThat(error.reason()).isEqualTo("'PINK' is not a symbol of enum Color");
        assertThat(error.fieldPath()).isEqualTo("color");
    }

    @Test
    void shouldRejectTimestampWhenTextDoesNotMatchThePattern() {
        // given
        Schema trade = Samples.schema("trade.avsc");
        RowDecoder trades =
                JsonFormat.decoder(
                        trade, JsonOptions.defaults().withTimestampFormat("yyyy-MM-dd HH:mm:ss"));
        String json =
                "{\"CreatedTime\": \"05/02/2019 10:05\", \"Type\": \"BUY\", \"Amount\": 1, \"BrokerCode\": \"A\"}";

        // when
        DecodeResult.DecodeError error =
                error(trades.decode(json.getBytes(StandardCharsets.UTF_8)));

        // then
        assertThat(error.reason()).isEqualTo("invalid timestamp '05/02/2019 10:05'");
        assertThat(error.fieldPath()).isEqualTo("CreatedTime");
    }

    @Test
    void shouldReportOffsetsWithinEachRecordWhenOneDecoderReadsMany() {
        // given
        String wrongType = line.replace("\"ItemQty\": 3", "\"ItemQty\": \"three\"");
        String trailing = line + "  x";
        byte[] good = line.getBytes(StandardCharsets.UTF_8);

        // when
        DecodeResult first = decoder.decode(good);
        DecodeResult.DecodeError typeError = decodeError(wrongType);
        DecodeResult afterError = decoder.decode(good);
        DecodeResult.DecodeError trailingError = decodeError(trailing);
        DecodeResult.DecodeError truncated = decodeError(line.substring(0, 100));
        DecodeResult last = decoder.decode(good);

        // then
        assertThat(first).isInstanceOf(DecodeResult.Decoded.class);
        assertThat(typeError.position()).isEqualTo(wrongType.indexOf("\"three\""));
        assertThat(afterError).isEqualTo(first);
        assertThat(trailingError.position()).isEqualTo(line.length() + 2);
        assertThat(truncated.reason()).startsWith("invalid JSON: Unexpected end-of-input");
        assertThat(truncated.position()).isBetween(90L, 100L);
        assertThat(last).isEqualTo(first);
    }

    @Test
    void shouldDecodeEveryRecordWhenStreamOutlastsOneParser() {
        // given
        java.util.List<String> lines = Samples.lines("invoices.jsonl");

        for (int i = 0; i < 10_000; i++) {
            // when
            DecodeResult result =
                    decoder.decode(lines.get(i % lines.size()).getBytes(StandardCharsets.UTF_8));

            // then
            assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        }
        assertThat(decodeError("{\"ItemQty\": []}").position()).isEqualTo(12);
    }

    @Test
    void shouldDecodeRecordWhenItStartsWithAByteOrderMark() {
        // given
        byte[] plain = line.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[plain.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, withBom, 3, plain.length);

        // when
        DecodeResult before = decoder.decode(plain);
        DecodeResult bom = decoder.decode(withBom);
        DecodeResult after = decoder.decode(plain);

        // then
        assertThat(bom).isEqualTo(before);
        assertThat(after).isEqualTo(before);
    }
}
