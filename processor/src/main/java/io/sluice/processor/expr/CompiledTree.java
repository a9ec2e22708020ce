package io.sluice.processor.expr;

import java.util.BitSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A compiled tree is a compiled expression made of an evaluator tree: it names the expression in
 * evaluation errors and turns unexpected exceptions (a row of another schema) into them.
 */
final class CompiledTree implements CompiledExpression, RowPredicate {
    private final String sql;
    private final Node root;
    private final Schema resultSchema;
    private final BitSet columnsRead;

    CompiledTree(String sql, Node root, BitSet columnsRead) {
        this.sql = sql;
        this.root = root;
        this.resultSchema = root.type.toAvro(root.nullable);
        this.columnsRead = columnsRead;
    }

    @Override
    public Object evaluate(GenericRecord row) {
        try {
            return root.eval(row);
        } catch (EvaluationException e) {
            throw e.in(sql);
        } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
            throw EvaluationException.unexpected(sql, e);
        }
    }

    /** Whether the expression, which is boolean, is TRUE on {@code row}; NULL counts as false. */
    @Override
    public boolean test(GenericRecord row) {
        return Boolean.TRUE.equals(evaluate(row));
    }

    @Override
    public Schema resultSchema() {
        return resultSchema;
    }

    @Override
    public BitSet columnsRead() {
        return (BitSet) columnsRead.clone();
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public String toString() {
        return sql;
    }
}
