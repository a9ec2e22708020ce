package io.sluice.processor.expr;

import io.sluice.processor.expr.FunctionRegistry.Definition;
import io.sluice.processor.expr.SqlType.Kind;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * Text-joining functions that also take arrays, as Spark's do: {@code concat_ws(sep, part, ...)},
 * where a part is a value or an array of values, and {@code array_join(array, delimiter [,
 * nullReplacement])}.
 *
 * <p>Null handling is Spark's. concat_ws is NULL only when the separator is; it skips NULL parts
 * and NULL array elements, and with no parts gives the empty string. array_join is NULL when any
 * argument is; it skips NULL elements unless a replacement is given. Values that are not text are
 * written as {@code CAST(x AS STRING)} writes them.
 */
final class ArrayTextFunctions {

    private ArrayTextFunctions() {}

    static List<Definition> definitions() {
        return List.of(
                Definition.of("concat_ws", ArrayTextFunctions::concatWs),
                Definition.of("array_join", ArrayTextFunctions::arrayJoin));
    }

    private static Node concatWs(Call call) {
        call.arity(1, Integer.MAX_VALUE);
        Node separator = call.text(0);
        int parts = call.size() - 1;
        Node[] nodes = new Node[parts];
        SqlType[] elements = new SqlType[parts];
        for (int i = 0; i < parts; i++) {
            Node part = call.arg(i + 1);
            if (part.type.kind() == Kind.ARRAY) {
                nodes[i] = part;
                elements[i] = elementType(call, part, i + 1);
            } else if (part.type.isOpaque()) {
                throw call.error(
                        "concat_ws() joins text, numbers, dates, timestamps and arrays of them,"
                                + " got "
                                + part.type
                                + " as argument "
                                + (i + 2));
            } else {
                nodes[i] = Cast.of(part, SqlType.STRING);
            }
        }
        return new ConcatWs(separator, nodes, elements);
    }

    private static Node arrayJoin(Call call) {
        call.arity(2, 3);
        Node array = call.arg(0);
        if (array.type.kind() == Kind.NULL) {
            return Literal.nullOf(SqlType.STRING);
        }
        if (array.type.kind() != Kind.ARRAY) {
            throw call.error("array_join() expects an array as argument 1, got " + array.type);
        }
        SqlType element = elementType(call, array, 0);
        Node delimiter = call.text(1);
        Node replacement = call.size() == 3 ? call.text(2) : null;
        return new ArrayJoin(array, element, delimiter, replacement);
    }

    /** The type of the elements of the array argument {@code index}, which must not be opaque. */
    private static SqlType elementType(Call call, Node array, int index) {
        SqlType element = SqlType.fromAvro(array.type.avro().getElementType());
        if (element.isOpaque()) {
            throw call.error(
                    call.name()
                            + "() joins arrays of text, numbers, dates and timestamps, got an"
                            + " array of "
                            + element
                            + " as argument "
                            + (index + 1));
        }
        return element;
    }

    /**
     * Appends the non-null elements of {@code items} (or {@code replacement} for nulls), each after
     * the delimiter unless the text is still {@code empty}; whether it still is afterwards.
     */
    private static boolean appendAll(
            StringBuilder text,
            boolean empty,
            List<?> items,
            SqlType element,
            String delimiter,
            String replacement) {
        for (Object item : items) {
            String value = item == null ? replacement : Conversions.toText(item, element);
            if (value == null) {
                continue;
            }
            if (!empty) {
                text.append(delimiter);
            }
            text.append(value);
            empty = false;
        }
        return empty;
    }

    /** {@code concat_ws}: the non-null parts and array elements joined by the separator. */
    private static final class ConcatWs extends Node {
        private final Node separator;
        private final Node[] parts;
        private final SqlType[] elements;

        ConcatWs(Node separator, Node[] parts, SqlType[] elements) {
            super(SqlType.STRING, separator.nullable);
            this.separator = separator;
            this.parts = parts;
            this.elements = elements;
        }

        @Override
        Object eval(GenericRecord row) {
            String sep = (String) separator.eval(row);
            if (sep == null) {
                return null;
            }
            StringBuilder text = new StringBuilder();
            boolean empty = true;
            for (int i = 0; i < parts.length; i++) {
                Object value = parts[i].eval(row);
                if (value == null) {
                    continue;
                }
                if (elements[i] != null) {
                    empty = appendAll(text, empty, (List<?>) value, elements[i], sep, null);
                } else {
                    if (!empty) {
                        text.append(sep);
                    }
                    text.append((String) value);
                    empty = false;
                }
            }
            return text.toString();
        }
    }

    /** {@code array_join}: the elements joined by the delimiter, nulls skipped or replaced. */
    private static final class ArrayJoin extends Node {
        private final Node array;
        private final SqlType element;
        private final Node delimiter;
        private final Node replacement;

        ArrayJoin(Node array, SqlType element, Node delimiter, Node replacement) {
            super(
                    SqlType.STRING,
                    array.nullable
                            || delimiter.nullable
                            || replacement != null && replacement.nullable);
            this.array = array;
            this.element = element;
            this.delimiter = delimiter;
            this.replacement = replacement;
        }

        @Override
        Object eval(GenericRecord row) {
            Object items = array.eval(row);
            String sep = (String) delimiter.eval(row);
            String nulls = replacement == null ? null : (String) replacement.eval(row);
            if (items == null || sep == null || replacement != null && nulls == null) {
                return null;
            }
            StringBuilder text = new StringBuilder();
            appendAll(text, true, (List<?>) items, element, sep, nulls);
            return text.toString();
        }
    }
}
