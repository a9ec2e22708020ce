package io.sluice.processor.expr;

import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * A case-when yields the result of the first condition that is TRUE (a NULL condition is not), or
 * the ELSE result, NULL when there is none. Every result has been converted to the CASE's type.
 *
 * <p>The simple form {@code CASE x WHEN v THEN ...} is compiled to conditions {@code x = v}.
 */
final class CaseWhen extends Node {
    private final Node[] conditions;
    private final Node[] results;
    private final Node otherwise;

    CaseWhen(List<Node> conditions, List<Node> results, Node otherwise) {
        super(otherwise.type, otherwise.nullable || results.stream().anyMatch(r -> r.nullable));
        this.conditions = conditions.toArray(new Node[0]);
        this.results = results.toArray(new Node[0]);
        this.otherwise = otherwise;
    }

    private Node chosen(GenericRecord row) {
        for (int i = 0; i < conditions.length; i++) {
            if (Boolean.TRUE.equals(conditions[i].eval(row))) {
                return results[i];
            }
        }
        return otherwise;
    }

    @Override
    Object eval(GenericRecord row) {
        return chosen(row).eval(row);
    }

    @Override
    long evalLong(GenericRecord row) {
        return chosen(row).evalLong(row);
    }

    @Override
    double evalDouble(GenericRecord row) {
        return chosen(row).evalDouble(row);
    }
}
