package io.sluice.serdes.json;

import static io.sluice.serdes.DecodeResults.error;
import static io.sluice.serdes.DecodeResults.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.Schemas;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonDuplicateFieldTest {
    private static final Schema SCHEMA =
            Schemas.parse(
                    """
                    {"type": "record", "name": "Invoice", "fields": [
                      {"name": "id", "type": "string"},
                      {"name": "total", "type": "double"},
                      {"name": "address", "type": {"type": "record", "name": "Address",
                        "fields": [{"name": "city", "type": ["null", "string"]}]}},
                      {"name": "tags", "type": {"type": "map", "values": "string"}}
                    ]}""");

    private static DecodeResult decode(String json, JsonOptions options) {
        return JsonFormat.decoder(SCHEMA, options).decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectTheRecordNamingTheFieldWhenAFieldAppearsTwice() {
        String json =
                "{\"id\": \"a\", \"total\": 1.0, \"address\": {\"city\": null}, \"tags\": {},"
                        + " \"total\": 2.0}";

        DecodeResult.DecodeError error = error(decode(json, JsonOptions.defaults()));

        assertThat(error.message())
                .isEqualTo(
                        "duplicate field name 'total' (the json option duplicateFields: last keeps"
                                + " the last value) at field total (offset "
                                + json.lastIndexOf("\"total\"")
                                + ")");
    }

    @Test
    void shouldRejectTheRecordWhenTheDuplicateIsInANestedRecordOrAMap() {
        String nested =
                "{\"id\": \"a\", \"total\": 1.0, \"address\": {\"city\": null, \"city\": \"Pune\"},"
                        + " \"tags\": {}}";
        String map =
                "{\"id\": \"a\", \"total\": 1.0, \"address\": {\"city\": null},"
                        + " \"tags\": {\"k\": \"x\", \"k\": \"y\"}}";

        DecodeResult.DecodeError inRecord = error(decode(nested, JsonOptions.defaults()));
        DecodeResult.DecodeError inMap = error(decode(map, JsonOptions.defaults()));

        assertThat(inRecord.reason()).startsWith("duplicate field name 'city'");
        assertThat(inRecord.fieldPath()).isEqualTo("address.city");
        assertThat(inMap.reason()).startsWith("duplicate field name 'k'");
        assertThat(inMap.fieldPath()).isEqualTo("tags.k");
    }

    @Test
    void shouldKeepTheLastValueWhenDuplicateFieldsIsLast() {
        JsonOptions last = JsonOptions.fromMap(Map.of("duplicateFields", "last"));
        String json =
                "{\"id\": \"a\", \"total\": 1.0, \"address\": {\"city\": null, \"city\": \"Pune\"},"
                        + " \"tags\": {\"k\": \"x\", \"k\": \"y\"}, \"total\": 2.0}";

        GenericRecord decoded = row(decode(json, last));

        assertThat(decoded.get("total")).isEqualTo(2.0);
        assertThat(((GenericRecord) decoded.get("address")).get("city")).isEqualTo("Pune");
        assertThat(decoded.get("tags")).isEqualTo(Map.of("k", "y"));
    }

    @Test
    void shouldIgnoreARepeatedNameTheSchemaDoesNotHave() {
        String json =
                "{\"id\": \"a\", \"extra\": 1, \"total\": 1.0, \"address\": {\"city\": null},"
                        + " \"tags\": {}, \"extra\": 2}";

        GenericRecord decoded = row(decode(json, JsonOptions.defaults()));

        assertThat(decoded.get("total")).isEqualTo(1.0);
    }

    @Test
    void shouldNameTheChoicesWhenTheOptionValueIsUnknown() {
        assertThatThrownBy(() -> JsonOptions.fromMap(Map.of("duplicateFields", "first")))
                .hasMessage(
                        "json option 'duplicateFields' is 'first'; expected reject (a record"
                                + " naming a field twice fails to decode, the default) or last (the"
                                + " last value wins)");
    }
}
