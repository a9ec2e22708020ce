package io.sluice.processor.operator;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.serdes.Schemas;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Explode emits one row per element of an array column, the element taking the array's place (under
 * a new name if given); a null or empty array emits no row, as Spark's {@code explode}.
 */
final class Explode implements RowOperator {
    private final Schema schema;
    private final String column;
    private final String as;
    private final int position;
    private final int fieldCount;

    Explode(Schema input, String recordName, String column, String as) {
        Schema.Field arrayField = RecordSchemas.requireField(input, column);
        Schema array = Schemas.nonNull(arrayField.schema());
        if (array.getType() != Schema.Type.ARRAY) {
            throw new IllegalArgumentException(
                    "column '" + column + "' is " + arrayField.schema() + ", not an array");
        }
        Schema.Field existing = input.getField(as);
        if (existing != null && existing.pos() != arrayField.pos()) {
            throw new IllegalArgumentException(
                    "column '" + as + "' exists already; name the element another way");
        }
        List<Schema.Field> fields = RecordSchemas.copyFields(input);
        fields.set(arrayField.pos(), RecordSchemas.field(as, array.getElementType()));
        this.schema = RecordSchemas.record(recordName, fields);
        this.column = column;
        this.as = as;
        this.position = arrayField.pos();
        this.fieldCount = fields.size();
    }

    @Override
    public Schema outputSchema() {
        return schema;
    }

    @Override
    public void process(GenericRecord row, RowCollector out) {
        Object value = row.get(position);
        if (value == null) {
            return;
        }
        List<?> elements = (List<?>) value;
        for (int e = 0; e < elements.size(); e++) {
            GenericData.Record result = new GenericData.Record(schema);
            for (int i = 0; i < fieldCount; i++) {
                result.put(i, row.get(i));
            }
            result.put(position, elements.get(e));
            out.collect(result);
        }
    }

    @Override
    public String toString() {
        return column.equals(as) ? "explode " + column : "explode " + column + " as " + as;
    }
}
