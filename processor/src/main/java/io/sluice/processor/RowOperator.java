package io.sluice.processor;

import java.util.BitSet;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * One stateless step of a pipeline: takes a row, emits zero or more rows.
 *
 * <p>Operators are compiled once per pipeline and used by one thread at a time. A row that cannot
 * be processed (a failed cast, a division by zero) makes {@link #process} throw an unchecked
 * exception; the engine then sends the input record to the dead-letter topic and drops every row
 * emitted for it, so an operator never has to undo partial output.
 */
public interface RowOperator {

    /** The schema of the rows this operator emits. */
    Schema outputSchema();

    /** Processes one row, emitting results to {@code out}. */
    void process(GenericRecord row, RowCollector out);

    /**
     * The positions of the input row's columns it reads to make the columns of its output rows at
     * {@code needed}; empty (the default) when it cannot tell, and may read them all. The engine
     * decodes only the source columns some step reads.
     */
    default Optional<BitSet> inputColumns(BitSet needed) {
        return Optional.empty();
    }
}
