package io.sluice.processor.expr;

import java.util.BitSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A compiled expression is an SQL expression bound to the field positions of one input schema,
 * ready to be evaluated on rows of that schema.
 *
 * <p>Instances are immutable and may be shared between threads. Evaluating does no parsing and no
 * name look-up; it expects rows of the schema the expression was compiled against.
 */
public interface CompiledExpression {

    /**
     * The value of the expression on {@code row}, in row conventions (String, boxed numbers, Long
     * epoch millis for timestamps, BigDecimal at the result's scale), or null.
     *
     * @throws EvaluationException when the value cannot be computed for this row (division by zero,
     *     a string that is not a number in a CAST, an overflow); the record is bad, not the
     *     expression
     */
    Object evaluate(GenericRecord row);

    /** The Avro schema of the values, a union with null first when the value may be null. */
    Schema resultSchema();

    /**
     * The positions of the input schema's top-level columns the expression reads (a nested field
     * counts as its outermost column): the values it needs of a row, and all it may be given.
     */
    BitSet columnsRead();

    /** The SQL text the expression was compiled from. */
    String sql();
}
