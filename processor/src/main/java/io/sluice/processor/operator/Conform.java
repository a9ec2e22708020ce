package io.sluice.processor.operator;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Conform converts each row to a target schema by Avro's resolution rules, so rows reach a sink in
 * the schema its encoder was built for: fields by name, missing ones from defaults, extra ones
 * dropped, numbers promoted.
 */
final class Conform implements RowOperator {
    private final Schema target;
    private final ValueConversion.Converter converter;

    Conform(Schema input, Schema target) {
        this.target = target;
        this.converter = ValueConversion.of(input, target);
    }

    @Override
    public Schema outputSchema() {
        return target;
    }

    @Override
    public void process(GenericRecord row, RowCollector out) {
        out.collect((GenericRecord) converter.convert(row));
    }

    @Override
    public String toString() {
        return "conform to " + target.getFullName();
    }
}
