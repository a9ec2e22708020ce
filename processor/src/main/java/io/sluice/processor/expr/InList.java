package io.sluice.processor.expr;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * An in-list is {@code input [NOT] IN (item, ...)} on operands already converted to one type.
 *
 * <p>As in SQL, the result is TRUE when an item equals the input, NULL when none does but the input
 * or some item is NULL, FALSE otherwise (negated for NOT IN). Lists of constant integers are
 * searched in a sorted {@code long[]} and lists of constant strings in a hash set, so long lists
 * cost little per row.
 */
final class InList extends Node {
    private final Node input;
    private final Node[] items;
    private final boolean negated;
    private final boolean hasNullItem;
    private final long[] sortedLongs;
    private final Set<Object> strings;

    InList(Node input, List<Node> items, boolean negated) {
        super(SqlType.BOOLEAN, input.nullable || items.stream().anyMatch(i -> i.nullable));
        this.input = input;
        this.items = items.toArray(new Node[0]);
        this.negated = negated;
        boolean allConstant = items.stream().allMatch(Node::isConstant);
        List<Object> constants =
                allConstant
                        ? items.stream().map(i -> i.eval(null)).filter(Objects::nonNull).toList()
                        : null;
        this.hasNullItem = allConstant && constants.size() < items.size();
        this.sortedLongs =
                allConstant && input.type.isLongBacked()
                        ? constants.stream()
                                .mapToLong(v -> ((Number) v).longValue())
                                .sorted()
                                .toArray()
                        : null;
        this.strings =
                allConstant && input.type.kind() == SqlType.Kind.STRING
                        ? new HashSet<>(constants)
                        : null;
    }

    @Override
    Object eval(GenericRecord row) {
        Object value = input.eval(row);
        if (value == null) {
            return null;
        }
        if (sortedLongs != null) {
            long key = ((Number) value).longValue();
            return result(Arrays.binarySearch(sortedLongs, key) >= 0, hasNullItem);
        }
        if (strings != null) {
            return result(strings.contains(value), hasNullItem);
        }
        boolean sawNull = false;
        for (Node item : items) {
            Object candidate = item.eval(row);
            if (candidate == null) {
                sawNull = true;
            } else if (equal(value, candidate)) {
                return result(true, sawNull);
            }
        }
        return result(false, sawNull);
    }

    private Object result(boolean found, boolean sawNull) {
        if (found) {
            return !negated;
        }
        return sawNull ? null : (Object) negated;
    }

    private boolean equal(Object a, Object b) {
        SqlType type = input.type;
        if (type.isLongBacked()) {
            return ((Number) a).longValue() == ((Number) b).longValue();
        }
        if (type.isFloating()) {
            return Comparison.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0;
        }
        if (Coercion.isOrdered(type)) {
            return Comparison.compare(a, b) == 0;
        }
        return Objects.equals(a, b);
    }
}
