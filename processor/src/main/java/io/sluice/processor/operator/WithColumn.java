package io.sluice.processor.operator;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.processor.expr.CompiledExpression;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * With-column emits each row with one column computed by an expression: an existing column of that
 * name is replaced in its place, otherwise the column is added last.
 */
final class WithColumn implements RowOperator {
    private final Schema schema;
    private final String name;
    private final CompiledExpression expression;
    private final int computedPosition;
    private final int inputFieldCount;

    WithColumn(Schema input, String recordName, String name, CompiledExpression expression) {
        List<Schema.Field> fields = RecordSchemas.copyFields(input);
        Schema.Field computed = RecordSchemas.field(name, expression.resultSchema());
        Schema.Field existing = input.getField(name);
        if (existing == null) {
            computedPosition = fields.size();
            fields.add(computed);
        } else {
            computedPosition = existing.pos();
            fields.set(computedPosition, computed);
        }
        this.schema = RecordSchemas.record(recordName, fields);
        this.inputFieldCount = input.getFields().size();
        this.name = name;
        this.expression = expression;
    }

    @Override
    public Schema outputSchema() {
        return schema;
    }

    @Override
    public void process(GenericRecord row, RowCollector out) {
        Object computed = expression.evaluate(row);
        GenericData.Record result = new GenericData.Record(schema);
        // output positions equal input positions; the computed one overwrites or follows them
        for (int i = 0; i < inputFieldCount; i++) {
            result.put(i, row.get(i));
        }
        result.put(computedPosition, computed);
        out.collect(result);
    }

    /** The needed columns it passes on, and what its expression reads when its column is needed. */
    @Override
    public Optional<BitSet> inputColumns(BitSet needed) {
        BitSet read = needed.get(0, inputFieldCount);
        read.clear(computedPosition);
        if (needed.get(computedPosition)) {
            read.or(expression.columnsRead());
        }
        return Optional.of(read);
    }

    @Override
    public String toString() {
        return "withColumn " + name + " = " + expression.sql();
    }
}
