package io.sluice.processor.expr;

import org.apache.avro.generic.GenericRecord;

/**
 * A row predicate is a compiled boolean expression used as a filter: SQL NULL counts as false.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
@FunctionalInterface
public interface RowPredicate {

    /**
     * Whether the condition is true for {@code row}; false when it is false or NULL.
     *
     * @throws EvaluationException when the condition cannot be computed for this row
     */
    boolean test(GenericRecord row);
}
