package io.sluice.serdes.json;

import static io.sluice.serdes.DecodeResults.error;
import static io.sluice.serdes.DecodeResults.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.Samples;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * A JSON decoder told which columns its pipeline reads decodes those, checked as before, and skips
 * the values of the others unchecked, leaving them null.
 */
class JsonColumnSkipTest {

    private final Schema invoice = Samples.schema("invoice.avsc");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private BitSet columns(String... names) {
        BitSet read = new BitSet();
        for (String name : names) {
            read.set(invoice.getField(name).pos());
        }
        return read;
    }

    private RowDecoder reading(String... names) {
        return JsonFormat.decoder(invoice, JsonOptions.defaults()).readingOnly(columns(names));
    }

    /** The row's non-null columns, by name. */
    private static Map<String, Object> present(GenericRecord row) {
        Map<String, Object> values = new HashMap<>();
        for (Schema.Field field : row.getSchema().getFields()) {
            Object value = row.get(field.pos());
            if (value != null) {
                values.put(field.name(), value instanceof CharSequence ? value.toString() : value);
            }
        }
        return values;
    }

    @Test
    void shouldDecodeOnlyTheReadColumnsWhenReadingTheFirstInvoice() {
        // given
        String first = Samples.lines("invoices.jsonl").get(0);

        // when
        GenericRecord row =
                row(reading("CustomerType", "CustomerCardNo", "TotalValue").decode(utf8(first)));

        // then
        assertThat(present(row))
                .isEqualTo(
                        Map.of(
                                "CustomerType", "PRIME",
                                "CustomerCardNo", "6847933272",
                                "TotalValue", 3387.0));
    }

    @Test
    void shouldDecodeEveryInvoiceOfTheSampleAlikeWhenSkippingColumns() {
        RowDecoder all = JsonFormat.decoder(invoice, JsonOptions.defaults());
        RowDecoder some = reading("StoreID", "CreatedTime", "TotalValue");

        for (String line : Samples.lines("invoices.jsonl")) {
            GenericRecord full = row(all.decode(utf8(line)));
            GenericRecord pruned = row(some.decode(utf8(line)));
            for (String name : new String[] {"StoreID", "CreatedTime", "TotalValue"}) {
                assertThat(String.valueOf(pruned.get(name)))
                        .isEqualTo(String.valueOf(full.get(name)));
            }
            assertThat(pruned.get("ItemDescription")).isNull();
        }
    }

    @Test
    void shouldNotRejectAWrongValueOrAnAbsenceWhenTheColumnIsNotRead() {
        // ItemQty is not a number, ItemPrice an object, and the other required columns are absent
        String json =
                "{\"ItemQty\": \"three\", \"CustomerType\": \"PRIME\","
                        + " \"ItemPrice\": {\"amount\": [1, 2]}, \"TotalValue\": 10.5}";

        GenericRecord row = row(reading("CustomerType", "TotalValue").decode(utf8(json)));

        assertThat(present(row)).isEqualTo(Map.of("CustomerType", "PRIME", "TotalValue", 10.5));
    }

    @Test
    void shouldRejectAWrongValueWhenTheColumnIsRead() {
        String json = "{\"CustomerType\": \"PRIME\", \"TotalValue\": \"ten\"}";

        String reason = error(reading("CustomerType", "TotalValue").decode(utf8(json))).message();

        assertThat(reason).contains("TotalValue");
    }

    @Test
    void shouldRejectAnAbsentRequiredColumnWhenItIsRead() {
        String json = "{\"CustomerType\": \"PRIME\"}";

        String reason = error(reading("CustomerType", "TotalValue").decode(utf8(json))).message();

        assertThat(reason).contains("TotalValue");
    }

    @Test
    void shouldStillRejectMalformedJsonInASkippedValue() {
        String json = "{\"CustomerType\": \"PRIME\", \"ItemPrice\": [1, , 2], \"TotalValue\": 1.0}";

        String reason = error(reading("CustomerType", "TotalValue").decode(utf8(json))).message();

        assertThat(reason).startsWith("invalid JSON");
    }

    @Test
    void shouldRejectAnUnknownFieldInStrictModeWhenSkippingColumns() {
        RowDecoder strict =
                JsonFormat.decoder(invoice, JsonOptions.defaults().withStrict(true))
                        .readingOnly(columns("CustomerType"));

        String reason =
                error(strict.decode(utf8("{\"CustomerType\": \"PRIME\", \"Surprise\": 1}")))
                        .message();

        assertThat(reason).contains("unknown field 'Surprise'");
    }
}
