package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Compiles thousands of generated expressions, well-formed but of random types, and checks the
 * compiler's promises: only {@link ExpressionException} at compile time, only {@link
 * EvaluationException} at run time, and every value fits the declared result schema.
 */
class GeneratedExpressionTest {
    private static final String[] INVOICE_COLUMNS = {
        "InvoiceNumber",
        "CreatedTime",
        "CustomerType",
        "CustomerCardNo",
        "City",
        "PinCode",
        "ItemPrice",
        "ItemQty",
        "TotalValue"
    };
    private static final String[] ORDER_COLUMNS = {
        "id",
        "address",
        "address.city",
        "address.zip",
        "address.geo.lat",
        "billing.city",
        "tags",
        "status",
        "amount",
        "day",
        "weight",
        "paid",
        "units",
        "note",
        "discount"
    };
    private static final String[] LITERALS = {
        "0",
        "1",
        "-3",
        "2147483647",
        "3000000000",
        "2.5",
        "0.0",
        "1e3",
        "'PRIME'",
        "'a%'",
        "''",
        "'42'",
        "'2020-07-25'",
        "'2020-07-25 10:00:00'",
        "NULL",
        "TRUE",
        "FALSE"
    };
    private static final String[] BINARY = {
        "+", "-", "*", "/", "%", "=", "<>", "<", "<=", ">", ">=", "AND", "OR", "||"
    };
    private static final String[] FUNCTIONS = {
        "upper", "lower", "trim", "length", "substring", "concat", "replace", "abs", "round",
        "floor", "ceil", "greatest", "least", "coalesce", "nullif", "year", "hour", "unix_millis",
        "to_timestamp", "date_format"
    };
    private static final String[] TYPES = {
        "INT", "BIGINT", "DOUBLE", "FLOAT", "STRING", "BOOLEAN", "TIMESTAMP", "DATE", "DECIMAL(8,2)"
    };

    private final Random random = new Random(20240611);

    @Test
    void shouldKeepPromisesWhenExpressionsAreGeneratedOnInvoices() {
        List<GenericRecord> rows = List.of(Rows.invoice(), Rows.invoiceWithoutCard());

        int compiled = check(Rows.INVOICE, INVOICE_COLUMNS, rows, 150);

        assertThat(compiled).isGreaterThan(15);
    }

    @Test
    void shouldKeepPromisesWhenExpressionsAreGeneratedOnOrders() {
        GenericRecord billed = Rows.order();
        billed.put("billing", billed.get("address"));
        billed.put("discount", 0.5);
        List<GenericRecord> rows = List.of(Rows.order(), billed);

        int compiled = check(Rows.ORDER, ORDER_COLUMNS, rows, 150);

        assertThat(compiled).isGreaterThan(15);
    }

    private int check(Schema schema, String[] columns, List<GenericRecord> rows, int count) {
        int compiled = 0;
        for (int i = 0; i < count; i++) {
            String sql = expression(columns, 3);
            CompiledExpression expression;
            try {
                expression = ExpressionCompiler.compile(sql, schema);
            } catch (ExpressionException e) {
                assertThat(e.getMessage()).as(sql).contains(sql);
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("compiling " + sql + " threw " + e, e);
            }
            compiled++;
            for (GenericRecord row : rows) {
                evaluate(sql, expression, row);
            }
        }
        return compiled;
    }

    private static void evaluate(String sql, CompiledExpression expression, GenericRecord row) {
        Object value;
        try {
            value = expression.evaluate(row);
        } catch (EvaluationException e) {
            assertThat(e.getMessage()).as(sql).endsWith("in \"" + sql + "\"");
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("evaluating " + sql + " threw " + e, e);
        }
        assertThat(conforms(expression.resultSchema(), value))
                .as(
                        "%s = %s (%s) fits %s",
                        sql,
                        value,
                        value == null ? null : value.getClass(),
                        expression.resultSchema())
                .isTrue();
    }

    private String expression(String[] columns, int depth) {
        int choice = depth == 0 ? random.nextInt(2) : random.nextInt(12);
        switch (choice) {
            case 0:
                return pick(columns);
            case 1:
                return pick(LITERALS);
            case 2:
            case 3:
                return "("
                        + expression(columns, depth - 1)
                        + " "
                        + pick(BINARY)
                        + " "
                        + expression(columns, depth - 1)
                        + ")";
            case 4:
                return (random.nextBoolean() ? "NOT " : "-") + expression(columns, depth - 1);
            case 5:
            case 6:
                return call(columns, depth);
            case 7:
                return "CASE WHEN "
                        + expression(columns, depth - 1)
                        + " THEN "
                        + expression(columns, depth - 1)
                        + " ELSE "
                        + expression(columns, depth - 1)
                        + " END";
            case 8:
                return "CAST(" + expression(columns, depth - 1) + " AS " + pick(TYPES) + ")";
            case 9:
                return expression(columns, depth - 1)
                        + (random.nextBoolean() ? " NOT" : "")
                        + " IN ("
                        + expression(columns, depth - 1)
                        + ", "
                        + pick(LITERALS)
                        + ")";
            case 10:
                return expression(columns, depth - 1) + " LIKE " + pick(LITERALS);
            default:
                return expression(columns, depth - 1)
                        + (random.nextBoolean() ? " IS NULL" : " BETWEEN 1 AND 10");
        }
    }

    private String call(String[] columns, int depth) {
        String name = pick(FUNCTIONS);
        List<String> args = new ArrayList<>();
        int arity = 1 + random.nextInt(3);
        for (int i = 0; i < arity; i++) {
            args.add(expression(columns, depth - 1));
        }
        return name + "(" + String.join(", ", args) + ")";
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    /** Whether {@code value} is what rows hold for {@code schema}. */
    private static boolean conforms(Schema schema, Object value) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().anyMatch(branch -> conforms(branch, value));
        }
        if (value == null) {
            return schema.getType() == Schema.Type.NULL;
        }
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            return value instanceof BigDecimal number
                    && number.scale() == decimal.getScale()
                    && number.precision() <= decimal.getPrecision();
        }
        switch (schema.getType()) {
            case BOOLEAN:
                return value instanceof Boolean;
            case INT:
                return value instanceof Integer;
            case LONG:
                return value instanceof Long;
            case FLOAT:
                return value instanceof Float;
            case DOUBLE:
                return value instanceof Double;
            case STRING:
                return value instanceof String;
            case ENUM:
                return value instanceof GenericData.EnumSymbol;
            case RECORD:
                return value instanceof GenericRecord;
            case ARRAY:
                return value instanceof List;
            case MAP:
                return value instanceof Map;
            default:
                return false;
        }
    }
}
