package io.sluice.processor.expr;

import org.apache.avro.generic.GenericRecord;

/**
 * Logic holds the evaluators of AND, OR, NOT, IS [NOT] NULL and IS [NOT] TRUE/FALSE with SQL's
 * three-valued logic: NULL is "unknown", so {@code NULL AND FALSE} is FALSE, {@code NULL OR TRUE}
 * is TRUE, and otherwise an unknown operand makes an unknown result.
 *
 * <p>AND and OR skip their right operand when the left one decides the result.
 */
final class Logic {

    private Logic() {}

    /** {@code left AND right}. */
    static final class And extends Node {
        private final Node left;
        private final Node right;

        And(Node left, Node right) {
            super(SqlType.BOOLEAN, left.nullable || right.nullable);
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(GenericRecord row) {
            Object a = left.eval(row);
            if (Boolean.FALSE.equals(a)) {
                return Boolean.FALSE;
            }
            Object b = right.eval(row);
            if (Boolean.FALSE.equals(b)) {
                return Boolean.FALSE;
            }
            return a == null || b == null ? null : Boolean.TRUE;
        }
    }

    /** {@code left OR right}. */
    static final class Or extends Node {
        private final Node left;
        private final Node right;

        Or(Node left, Node right) {
            super(SqlType.BOOLEAN, left.nullable || right.nullable);
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(GenericRecord row) {
            Object a = left.eval(row);
            if (Boolean.TRUE.equals(a)) {
                return Boolean.TRUE;
            }
            Object b = right.eval(row);
            if (Boolean.TRUE.equals(b)) {
                return Boolean.TRUE;
            }
            return a == null || b == null ? null : Boolean.FALSE;
        }
    }

    /** {@code NOT child}. */
    static final class Not extends Node {
        private final Node child;

        Not(Node child) {
            super(SqlType.BOOLEAN, child.nullable);
            this.child = child;
        }

        @Override
        Object eval(GenericRecord row) {
            Object value = child.eval(row);
            return value == null ? null : (Object) !((Boolean) value);
        }
    }

    /** {@code child IS NULL}, or {@code IS NOT NULL} when negated; never NULL itself. */
    static final class IsNull extends Node {
        private final Node child;
        private final boolean negated;

        IsNull(Node child, boolean negated) {
            super(SqlType.BOOLEAN, false);
            this.child = child;
            this.negated = negated;
        }

        @Override
        Object eval(GenericRecord row) {
            return (child.eval(row) == null) != negated;
        }
    }

    /** {@code child IS [NOT] TRUE|FALSE}: whether the value is the given one; never NULL. */
    static final class IsBoolean extends Node {
        private final Node child;
        private final Boolean expected;
        private final boolean negated;

        IsBoolean(Node child, boolean expected, boolean negated) {
            super(SqlType.BOOLEAN, false);
            this.child = child;
            this.expected = expected;
            this.negated = negated;
        }

        @Override
        Object eval(GenericRecord row) {
            return expected.equals(child.eval(row)) != negated;
        }
    }
}
