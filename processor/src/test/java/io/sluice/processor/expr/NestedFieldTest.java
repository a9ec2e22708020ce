package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.eval;
import static io.sluice.processor.expr.Rows.onInvoice;
import static io.sluice.processor.expr.Rows.onOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class NestedFieldTest {

    @Test
    void shouldReadNestedFieldWhenPathIsDotted() {
        CompiledExpression expression = ExpressionCompiler.compile("address.city", Rows.ORDER);

        Object value = expression.evaluate(Rows.order());

        assertThat(value).isEqualTo("Mumbai");
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void shouldReadDeeplyNestedFieldWhenPathHasThreeSteps() {
        Object value = onOrder("address.geo.lat * 2");

        assertThat(value).isEqualTo(38.14);
    }

    @Test
    void shouldBeNullWhenRecordOnPathIsNull() {
        CompiledExpression expression = ExpressionCompiler.compile("billing.city", Rows.ORDER);

        Object value = expression.evaluate(Rows.order());

        assertThat(value).isNull();
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.UNION);
    }

    @Test
    void shouldReadFieldOfNullableRecordWhenRecordIsPresent() {
        GenericRecord row = Rows.order();
        row.put("billing", row.get("address"));

        Object value = eval("upper(billing.city)", row);

        assertThat(value).isEqualTo("MUMBAI");
    }

    @Test
    void shouldPassRecordThroughWhenWholeRecordIsSelected() {
        CompiledExpression expression = ExpressionCompiler.compile("address", Rows.ORDER);

        Object value = expression.evaluate(Rows.order());

        assertThat(value).isSameAs(Rows.order().get("address").getClass().cast(value));
        assertThat(((GenericRecord) value).get("city")).isEqualTo("Mumbai");
        assertThat(expression.resultSchema()).isEqualTo(Rows.ORDER.getField("address").schema());
    }

    @Test
    void shouldPassArraysMapsAndEnumsThroughWhenSelected() {
        CompiledExpression tags = ExpressionCompiler.compile("tags", Rows.ORDER);
        CompiledExpression attributes = ExpressionCompiler.compile("attributes", Rows.ORDER);
        CompiledExpression status = ExpressionCompiler.compile("status", Rows.ORDER);

        assertThat(tags.evaluate(Rows.order())).isEqualTo(List.of("gift", "express"));
        assertThat(tags.resultSchema()).isEqualTo(Rows.ORDER.getField("tags").schema());
        assertThat(attributes.evaluate(Rows.order())).isEqualTo(Map.of("channel", "web"));
        assertThat(status.evaluate(Rows.order())).isInstanceOf(GenericData.EnumSymbol.class);
        assertThat(status.resultSchema()).isEqualTo(Rows.ORDER.getField("status").schema());
    }

    @Test
    void shouldKeepNullableUnionWhenNullableRecordIsSelected() {
        CompiledExpression expression = ExpressionCompiler.compile("billing", Rows.ORDER);

        Schema schema = expression.resultSchema();

        assertThat(schema).isEqualTo(Rows.ORDER.getField("billing").schema());
    }

    @Test
    void shouldReadColumnWhenNameIsQuoted() {
        assertThat(onOrder("\"from\" + 1")).isEqualTo(8);
        assertThat(onOrder("`from` + 1")).isEqualTo(8);
        assertThat(onOrder("\"address\".\"city\"")).isEqualTo("Mumbai");
    }

    @Test
    void shouldReadColumnWhenCaseDiffers() {
        assertThat(onInvoice("customertype")).isEqualTo("PRIME");
        assertThat(onOrder("ADDRESS.City")).isEqualTo("Mumbai");
    }

    @Test
    void shouldReadTextAsStringWhenRowHoldsUtf8() {
        GenericRecord row = Rows.invoice();
        row.put("City", new Utf8("Surat"));

        Object value = eval("City", row);

        assertThat(value).isEqualTo("Surat");
    }

    @Test
    void shouldBeCompileErrorWhenNestedFieldIsUnknown() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("address.ctiy", Rows.ORDER))
                .isInstanceOf(ExpressionException.class)
                .hasMessage(
                        "unknown field 'ctiy' in 'address' at position 1 in \"address.ctiy\"; did"
                                + " you mean 'city'? address has: street, city, zip, geo");
    }

    @Test
    void shouldBeCompileErrorWhenPathGoesThroughNonRecord() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("City.name", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith(
                        "'City' is string, not a record, so it has no field 'name'");
    }

    @Test
    void shouldBeCompileErrorWhenArrayIsSubscripted() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("tags[1]", Rows.ORDER))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("subscripts such as tags[1] are not supported");
    }

    @Test
    void shouldBeCompileErrorWhenRecordIsUsedInArithmetic() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("address + 1", Rows.ORDER))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("cannot apply '+' to record Address and int");
    }

    @Test
    void shouldBeCompileErrorWhenArraysAreOrdered() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("tags < tags", Rows.ORDER))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("cannot order array values with '<'");
    }
}
