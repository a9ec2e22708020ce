package io.sluice.processor.expr;

import java.util.List;
import java.util.function.DoubleToLongFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;
import org.apache.avro.generic.GenericRecord;

/**
 * Function nodes are the evaluator shapes that functions are built from: strict functions of one to
 * three arguments (NULL in, NULL out) given as a lambda, primitive variants for numeric functions
 * that avoid boxing, and the n-ary {@code concat}, {@code coalesce}, {@code greatest} and {@code
 * least}.
 */
final class FunctionNodes {

    private FunctionNodes() {}

    /** The body of a function of one non-null argument. */
    @FunctionalInterface
    interface Body1 {
        Object apply(Object a);
    }

    /** The body of a function of two non-null arguments. */
    @FunctionalInterface
    interface Body2 {
        Object apply(Object a, Object b);
    }

    /** The body of a function of three non-null arguments. */
    @FunctionalInterface
    interface Body3 {
        Object apply(Object a, Object b, Object c);
    }

    static Node strict(SqlType type, Node a, Body1 body) {
        return new Strict1(type, a, body);
    }

    static Node strict(SqlType type, Node a, Node b, Body2 body) {
        return new Strict2(type, a, b, body);
    }

    static Node strict(SqlType type, Node a, Node b, Node c, Body3 body) {
        return new Strict3(type, a, b, c, body);
    }

    private static final class Strict1 extends Node {
        private final Node a;
        private final Body1 body;

        Strict1(SqlType type, Node a, Body1 body) {
            super(type, a.nullable);
            this.a = a;
            this.body = body;
        }

        @Override
        Object eval(GenericRecord row) {
            Object x = a.eval(row);
            return x == null ? null : body.apply(x);
        }
    }

    private static final class Strict2 extends Node {
        private final Node a;
        private final Node b;
        private final Body2 body;

        Strict2(SqlType type, Node a, Node b, Body2 body) {
            super(type, a.nullable || b.nullable);
            this.a = a;
            this.b = b;
            this.body = body;
        }

        @Override
        Object eval(GenericRecord row) {
            Object x = a.eval(row);
            if (x == null) {
                return null;
            }
            Object y = b.eval(row);
            return y == null ? null : body.apply(x, y);
        }
    }

    private static final class Strict3 extends Node {
        private final Node a;
        private final Node b;
        private final Node c;
        private final Body3 body;

        Strict3(SqlType type, Node a, Node b, Node c, Body3 body) {
            super(type, a.nullable || b.nullable || c.nullable);
            this.a = a;
            this.b = b;
            this.c = c;
            this.body = body;
        }

        @Override
        Object eval(GenericRecord row) {
            Object x = a.eval(row);
            if (x == null) {
                return null;
            }
            Object y = b.eval(row);
            if (y == null) {
                return null;
            }
            Object z = c.eval(row);
            return z == null ? null : body.apply(x, y, z);
        }
    }

    /** A function from a long-backed value to a long-backed value of {@code type}. */
    static final class LongToLong extends Node {
        private final Node arg;
        private final LongUnaryOperator body;

        LongToLong(SqlType type, Node arg, LongUnaryOperator body) {
            super(type, arg.nullable);
            this.arg = arg;
            this.body = body;
        }

        @Override
        Object eval(GenericRecord row) {
            if (!nullable) {
                return boxLong(evalLong(row));
            }
            Object x = arg.eval(row);
            return x == null ? null : boxLong(body.applyAsLong(((Number) x).longValue()));
        }

        @Override
        long evalLong(GenericRecord row) {
            return body.applyAsLong(arg.evalLong(row));
        }
    }

    /** A function from a number, read as a double, to a float or double of {@code type}. */
    static final class DoubleToDouble extends Node {
        private final Node arg;
        private final DoubleUnaryOperator body;

        DoubleToDouble(SqlType type, Node arg, DoubleUnaryOperator body) {
            super(type, arg.nullable);
            this.arg = arg;
            this.body = body;
        }

        @Override
        Object eval(GenericRecord row) {
            if (!nullable) {
                return boxDouble(evalDouble(row));
            }
            Object x = arg.eval(row);
            return x == null ? null : boxDouble(body.applyAsDouble(((Number) x).doubleValue()));
        }

        @Override
        double evalDouble(GenericRecord row) {
            return body.applyAsDouble(arg.evalDouble(row));
        }
    }

    /** A function from a number, read as a double, to a long. */
    static final class DoubleToLong extends Node {
        private final Node arg;
        private final DoubleToLongFunction body;

        DoubleToLong(Node arg, DoubleToLongFunction body) {
            super(SqlType.LONG, arg.nullable);
            this.arg = arg;
            this.body = body;
        }

        @Override
        Object eval(GenericRecord row) {
            if (!nullable) {
                return evalLong(row);
            }
            Object x = arg.eval(row);
            return x == null ? null : (Object) body.applyAsLong(((Number) x).doubleValue());
        }

        @Override
        long evalLong(GenericRecord row) {
            return body.applyAsLong(arg.evalDouble(row));
        }
    }

    /** The text of all arguments joined; NULL when any is NULL. */
    static final class Concat extends Node {
        private final Node[] parts;

        Concat(List<Node> parts) {
            super(SqlType.STRING, parts.stream().anyMatch(p -> p.nullable));
            this.parts = parts.toArray(new Node[0]);
        }

        @Override
        Object eval(GenericRecord row) {
            StringBuilder text = new StringBuilder();
            for (Node part : parts) {
                Object value = part.eval(row);
                if (value == null) {
                    return null;
                }
                text.append((String) value);
            }
            return text.toString();
        }
    }

    /** The first argument that is not NULL; NULL when all are. */
    static final class Coalesce extends Node {
        private final Node[] args;

        Coalesce(SqlType type, List<Node> args) {
            super(type, args.stream().allMatch(a -> a.nullable));
            this.args = args.toArray(new Node[0]);
        }

        @Override
        Object eval(GenericRecord row) {
            for (Node arg : args) {
                Object value = arg.eval(row);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }

    /** The greatest (or least) argument, ignoring NULLs; NULL when all are NULL. */
    static final class Extremum extends Node {
        private final Node[] args;
        private final boolean greatest;

        Extremum(SqlType type, List<Node> args, boolean greatest) {
            super(type, args.stream().allMatch(a -> a.nullable));
            this.args = args.toArray(new Node[0]);
            this.greatest = greatest;
        }

        @Override
        Object eval(GenericRecord row) {
            Object best = null;
            for (Node arg : args) {
                Object value = arg.eval(row);
                if (value != null && (best == null || better(value, best))) {
                    best = value;
                }
            }
            return best;
        }

        private boolean better(Object value, Object best) {
            int order;
            if (type.isLongBacked()) {
                order = Long.compare(((Number) value).longValue(), ((Number) best).longValue());
            } else if (type.isFloating()) {
                order =
                        Comparison.compare(
                                ((Number) value).doubleValue(), ((Number) best).doubleValue());
            } else {
                order = Comparison.compare(value, best);
            }
            return greatest ? order > 0 : order < 0;
        }
    }
}
