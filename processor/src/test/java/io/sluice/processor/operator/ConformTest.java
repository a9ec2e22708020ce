package io.sluice.processor.operator;

import static io.sluice.processor.operator.TestRows.record;
import static io.sluice.processor.operator.TestRows.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.RowOperator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ConformTest {

    private static final Schema COLOR = SchemaBuilder.enumeration("Color").symbols("RED", "GREEN");

    private static final Schema PRODUCED =
            SchemaBuilder.record("produced")
                    .fields()
                    .requiredInt("Qty")
                    .requiredString("Name")
                    .optionalLong("Seen")
                    .name("Tags")
                    .type()
                    .array()
                    .items()
                    .intType()
                    .noDefault()
                    .name("Color")
                    .type(COLOR)
                    .noDefault()
                    .requiredString("Extra")
                    .endRecord();

    private static final Schema SINK =
            SchemaBuilder.record("Sink")
                    .namespace("io.example")
                    .fields()
                    .requiredString("Name")
                    .requiredDouble("Qty")
                    .name("Seen")
                    .type()
                    .unionOf()
                    .nullType()
                    .and()
                    .doubleType()
                    .endUnion()
                    .nullDefault()
                    .name("Tags")
                    .type()
                    .array()
                    .items()
                    .longType()
                    .noDefault()
                    .name("Color")
                    .type(SchemaBuilder.enumeration("Color").symbols("GREEN", "RED", "BLUE"))
                    .noDefault()
                    .name("Source")
                    .type()
                    .stringType()
                    .stringDefault("sluice")
                    .name("Labels")
                    .type()
                    .map()
                    .values()
                    .stringType()
                    .mapDefault(Map.of())
                    .endRecord();

    @Test
    void shouldConvertFieldsByNameWithPromotionsAndDefaultsWhenSchemasDiffer() {
        RowOperator conform = Operators.conform(PRODUCED, SINK);
        GenericRecord row =
                record(
                        PRODUCED,
                        3,
                        "pen",
                        7L,
                        List.of(1, 2),
                        new GenericData.EnumSymbol(COLOR, "RED"),
                        "dropped");

        List<GenericRecord> out = run(conform, row);

        assertThat(out).hasSize(1);
        GenericRecord converted = out.get(0);
        assertThat(converted.getSchema()).isSameAs(SINK);
        assertThat(converted.toString())
                .isEqualTo(
                        "{\"Name\": \"pen\", \"Qty\": 3.0, \"Seen\": 7.0, \"Tags\": [1, 2],"
                                + " \"Color\": \"RED\", \"Source\": \"sluice\", \"Labels\": {}}");
        assertThat(converted.get("Tags")).isEqualTo(List.of(1L, 2L));
        assertThat(((GenericData.EnumSymbol) converted.get("Color")).getSchema())
                .isEqualTo(SINK.getField("Color").schema());
    }

    @Test
    void shouldKeepNullsWhenAUnionValueIsNull() {
        RowOperator conform = Operators.conform(PRODUCED, SINK);
        GenericRecord row =
                record(
                        PRODUCED,
                        1,
                        "x",
                        null,
                        List.of(),
                        new GenericData.EnumSymbol(COLOR, "GREEN"),
                        "");

        GenericRecord converted = run(conform, row).get(0);

        assertThat(converted.get("Seen")).isNull();
    }

    @Test
    void shouldGiveRowsFreshMutableDefaultsWhenConverting() {
        RowOperator conform = Operators.conform(PRODUCED, SINK);
        GenericRecord row =
                record(
                        PRODUCED,
                        1,
                        "x",
                        null,
                        List.of(),
                        new GenericData.EnumSymbol(COLOR, "GREEN"),
                        "");

        List<GenericRecord> out = run(conform, row, row);

        assertThat(out.get(0).get("Labels")).isNotSameAs(out.get(1).get("Labels"));
    }

    @Test
    void shouldRejectAFieldWithoutValueOrDefaultWhenBuilt() {
        Schema needsMore =
                SchemaBuilder.record("Sink").fields().requiredString("Missing").endRecord();

        assertThatThrownBy(() -> Operators.conform(PRODUCED, needsMore))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'Missing' of Sink has no value and no default");
    }
}
