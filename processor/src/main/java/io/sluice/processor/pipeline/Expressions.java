package io.sluice.processor.pipeline;

import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.expr.ExpressionException;
import io.sluice.processor.expr.RowPredicate;
import io.sluice.serdes.Schemas;
import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * Expressions compiles the SQL expressions of a pipeline file, turning compile errors into errors
 * at the line of the expression.
 */
final class Expressions {

    private Expressions() {}

    /** Compiles the expression {@code node} holds against rows of {@code input}. */
    static CompiledExpression compile(YamlNode node, Schema input) {
        String sql = node.text("an SQL expression");
        try {
            return ExpressionCompiler.compile(sql, input);
        } catch (ExpressionException e) {
            throw error(node, e);
        }
    }

    /** Compiles the boolean expression {@code node} holds against rows of {@code input}. */
    static RowPredicate predicate(YamlNode node, Schema input) {
        String sql = node.text("a boolean SQL expression");
        CompiledExpression expression = compile(node, input);
        Schema type = Schemas.nonNull(expression.resultSchema());
        if (type.getType() != Schema.Type.BOOLEAN) {
            throw node.error(
                    "the condition is "
                            + TypeNames.of(expression.resultSchema())
                            + ", not boolean; expected a boolean expression such as"
                            + " CustomerType = 'PRIME'");
        }
        try {
            return ExpressionCompiler.compilePredicate(sql, input);
        } catch (ExpressionException e) {
            throw error(node, e);
        }
    }

    /**
     * The error at the character the compiler blames, when the expression sits on one line of the
     * file exactly as written (plain, or quoted without escapes); otherwise at its start.
     */
    private static PipelineFileException error(YamlNode node, ExpressionException e) {
        FileLocation location = node.location();
        if (e.position().isPresent()) {
            OptionalInt offset = node.textOffset();
            if (offset.isPresent()) {
                location = location.shiftColumns(offset.getAsInt() + e.position().getAsInt() - 1);
            }
        }
        return new PipelineFileException(location, node.path(), e.getMessage(), e);
    }
}
