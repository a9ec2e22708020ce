package io.sluice.processor.operator;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.RowPredicate;
import java.util.BitSet;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Where emits the rows for which its predicate holds, as they are. */
final class Where implements RowOperator {
    private final Schema schema;
    private final String sql;
    private final RowPredicate predicate;

    Where(Schema schema, String sql, RowPredicate predicate) {
        this.schema = schema;
        this.sql = sql;
        this.predicate = predicate;
    }

    @Override
    public Schema outputSchema() {
        return schema;
    }

    @Override
    public void process(GenericRecord row, RowCollector out) {
        if (predicate.test(row)) {
            out.collect(row);
        }
    }

    /** The columns needed after it, and those its condition reads, when it is a compiled one. */
    @Override
    public Optional<BitSet> inputColumns(BitSet needed) {
        if (!(predicate instanceof CompiledExpression condition)) {
            return Optional.empty();
        }
        BitSet read = condition.columnsRead();
        read.or(needed);
        return Optional.of(read);
    }

    @Override
    public String toString() {
        return "where " + sql;
    }
}
