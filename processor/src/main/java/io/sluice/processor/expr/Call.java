package io.sluice.processor.expr;

import io.sluice.processor.expr.SqlType.Kind;
import java.util.List;

/**
 * A call is a function call being compiled: the function's name as written, its compiled arguments
 * and its site, with the argument checks function compilers share.
 */
record Call(String name, List<Node> args, Site site) {

    int size() {
        return args.size();
    }

    Node arg(int index) {
        return args.get(index);
    }

    /** Checks that there are {@code min} to {@code max} arguments. */
    void arity(int min, int max) {
        int n = args.size();
        if (n >= min && n <= max) {
            return;
        }
        String expected =
                min == max
                        ? min + " argument" + (min == 1 ? "" : "s")
                        : max == Integer.MAX_VALUE
                                ? "at least " + min + " arguments"
                                : min + " to " + max + " arguments";
        throw site.error(name + "() takes " + expected + ", got " + n);
    }

    ExpressionException error(String problem) {
        return site.error(problem);
    }

    /** Argument {@code index} as text: a string, or an enum symbol read as its name. */
    Node text(int index) {
        return require(index, arg(index).type.isText(), "a string", SqlType.STRING);
    }

    /** Argument {@code index} as an int or long. */
    Node integral(int index) {
        return require(index, arg(index).type.isIntegral(), "an integer", SqlType.INT);
    }

    /** Argument {@code index} as a number of any numeric type. */
    Node numeric(int index) {
        SqlType type = arg(index).type;
        return require(
                index, type.isNumeric(), "a number", type.kind() == Kind.NULL ? SqlType.INT : type);
    }

    /**
     * Argument {@code index} as a timestamp: a timestamp, a date (its first millisecond), a long
     * read as epoch millis, or text in the default timestamp format.
     */
    Node timestamp(int index) {
        Node arg = arg(index);
        Kind kind = arg.type.kind();
        boolean fits =
                kind == Kind.TIMESTAMP
                        || kind == Kind.DATE
                        || kind == Kind.LONG
                        || kind == Kind.STRING
                        || kind == Kind.NULL;
        if (!fits) {
            throw wrongType(index, "a timestamp");
        }
        return Cast.of(arg, SqlType.TIMESTAMP);
    }

    private Node require(int index, boolean fits, String what, SqlType target) {
        Node arg = arg(index);
        if (arg.type.kind() == Kind.NULL) {
            return Literal.nullOf(target);
        }
        if (!fits) {
            throw wrongType(index, what);
        }
        return Cast.of(arg, target.kind() == Kind.STRING ? SqlType.STRING : arg.type);
    }

    private ExpressionException wrongType(int index, String what) {
        return site.error(
                name
                        + "() expects "
                        + what
                        + " as argument "
                        + (index + 1)
                        + ", got "
                        + arg(index).type);
    }

    /** The value of argument {@code index}, which must be a string literal. */
    String literalText(int index, String what) {
        Node arg = arg(index);
        if (!arg.isConstant() || arg.type.kind() != Kind.STRING || arg.eval(null) == null) {
            throw site.error(
                    name
                            + "() expects "
                            + what
                            + " as a string literal in argument "
                            + (index + 1));
        }
        return (String) arg.eval(null);
    }

    /** The value of argument {@code index}, which must be an integer literal. */
    int literalInt(int index, String what) {
        Node arg = arg(index);
        if (!arg.isConstant() || !arg.type.isIntegral() || arg.eval(null) == null) {
            throw site.error(
                    name
                            + "() expects "
                            + what
                            + " as an integer literal in argument "
                            + (index + 1));
        }
        return (int) arg.evalLong(null);
    }
}
