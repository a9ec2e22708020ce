package io.sluice.processor.api;

import io.sluice.processor.expr.ExpressionException;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.groupstate.GroupStateSteps;
import io.sluice.processor.window.GroupColumn;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * A group-state step as the builder holds it until the schema of its input rows is known.
 *
 * @param kind mapGroupsWithState or flatMapGroupsWithState, for messages
 * @param keyColumns the names of the columns rows are grouped by
 * @param operator the step's operator for key columns compiled against its input
 */
record GroupStateStep(
        String kind,
        List<String> keyColumns,
        Function<List<GroupColumn>, StatefulOperator> operator) {

    /**
     * The step's operator over rows of {@code input}.
     *
     * @param path where the step is, such as {@code steps[2]}, for the message of a bad column
     * @throws IllegalArgumentException when a key column is not a column of {@code input}
     */
    StatefulOperator compile(Schema input, String path) {
        try {
            return operator.apply(
                    GroupStateSteps.keyColumns(input, keyColumns.toArray(new String[0])));
        } catch (ExpressionException e) {
            throw new IllegalArgumentException(
                    String.format("%s.%s: %s", path, kind, e.getMessage()), e);
        }
    }
}
