package io.sluice.processor.operator;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.processor.expr.CompiledExpression;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Select emits, for each row, a new row of its own schema with one field per expression. */
final class Select implements RowOperator {
    private final Schema schema;
    private final CompiledExpression[] expressions;

    Select(String recordName, List<Operators.Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a select needs at least one column");
        }
        List<Schema.Field> fields = new ArrayList<>(columns.size());
        this.expressions = new CompiledExpression[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Operators.Column column = columns.get(i);
            fields.add(RecordSchemas.field(column.name(), column.expression().resultSchema()));
            expressions[i] = column.expression();
        }
        this.schema = RecordSchemas.record(recordName, fields);
    }

    @Override
    public Schema outputSchema() {
        return schema;
    }

    @Override
    public void process(GenericRecord row, RowCollector out) {
        GenericData.Record result = new GenericData.Record(schema);
        for (int i = 0; i < expressions.length; i++) {
            result.put(i, expressions[i].evaluate(row));
        }
        out.collect(result);
    }

    /** What the expressions of the needed columns read. */
    @Override
    public Optional<BitSet> inputColumns(BitSet needed) {
        BitSet read = new BitSet();
        needed.stream()
                .filter(i -> i < expressions.length)
                .forEach(i -> read.or(expressions[i].columnsRead()));
        return Optional.of(read);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("select ");
        for (int i = 0; i < expressions.length; i++) {
            String name = schema.getFields().get(i).name();
            String sql = expressions[i].sql();
            text.append(i == 0 ? "" : ", ").append(name);
            if (!sql.trim().equals(name)) {
                text.append(" = ").append(sql);
            }
        }
        return text.toString();
    }
}
