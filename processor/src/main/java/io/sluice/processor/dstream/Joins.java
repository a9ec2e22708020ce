package io.sluice.processor.dstream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Joins of two batches' records by key: inner, left, right and full outer, and cogroup.
 *
 * <p>Implementation notes: every join walks the left records in order, each giving one record per
 * right record with its key (in right order), or, for left and full outer joins, one record with no
 * right value when there is none; right and full outer joins then walk the right records whose key
 * is on no left record, in order. A key with 2 left and 3 right records thus gives 6 records. Spark
 * promises no order; this one keeps the left stream's order, so an inner join of a stream of orders
 * with one of customers lists the orders as they came.
 */
final class Joins {

    private Joins() {}

    /** Every pair of a left and a right record with equal keys. */
    static <K, V, W> List<KeyValue<K, Joined<V, W>>> inner(
            List<KeyValue<K, V>> left, List<KeyValue<K, W>> right) {
        return join(left, right, Joined::new, null, null);
    }

    /** {@link #inner}, plus each left record with no right record of its key. */
    static <K, V, W> List<KeyValue<K, Joined<V, Optional<W>>>> leftOuter(
            List<KeyValue<K, V>> left, List<KeyValue<K, W>> right) {
        requireNoNullValue(right, "leftOuterJoin", "right");
        return join(
                left,
                right,
                (v, w) -> new Joined<>(v, Optional.of(w)),
                v -> new Joined<>(v, Optional.empty()),
                null);
    }

    /** {@link #inner}, then each right record with no left record of its key. */
    static <K, V, W> List<KeyValue<K, Joined<Optional<V>, W>>> rightOuter(
            List<KeyValue<K, V>> left, List<KeyValue<K, W>> right) {
        requireNoNullValue(left, "rightOuterJoin", "left");
        return join(
                left,
                right,
                (v, w) -> new Joined<>(Optional.of(v), w),
                null,
                w -> new Joined<>(Optional.empty(), w));
    }

    /** {@link #leftOuter}, then each right record with no left record of its key. */
    static <K, V, W> List<KeyValue<K, Joined<Optional<V>, Optional<W>>>> fullOuter(
            List<KeyValue<K, V>> left, List<KeyValue<K, W>> right) {
        requireNoNullValue(left, "fullOuterJoin", "left");
        requireNoNullValue(right, "fullOuterJoin", "right");
        return join(
                left,
                right,
                (v, w) -> new Joined<>(Optional.of(v), Optional.of(w)),
                v -> new Joined<>(Optional.of(v), Optional.empty()),
                w -> new Joined<>(Optional.empty(), Optional.of(w)));
    }

    /**
     * One record per key of either side with its left and right values in order: the left keys in
     * order of their first record, then the keys only on the right, likewise.
     */
    static <K, V, W> List<KeyValue<K, Cogrouped<V, W>>> cogroup(
            List<KeyValue<K, V>> left, List<KeyValue<K, W>> right) {
        Map<K, List<V>> leftByKey = Batches.groupByKey(left);
        Map<K, List<W>> rightByKey = Batches.groupByKey(right);
        Set<K> keys = new LinkedHashSet<>(leftByKey.keySet());
        keys.addAll(rightByKey.keySet());
        List<KeyValue<K, Cogrouped<V, W>>> groups = new ArrayList<>(keys.size());
        for (K key : keys) {
            groups.add(
                    KeyValue.of(
                            key,
                            new Cogrouped<>(
                                    leftByKey.getOrDefault(key, List.of()),
                                    rightByKey.getOrDefault(key, List.of()))));
        }
        return groups;
    }

    /**
     * The walk the class notes describe. {@code leftOnly} and {@code rightOnly} make the record of
     * an unmatched left or right value; null drops such records.
     */
    private static <K, V, W, R> List<KeyValue<K, R>> join(
            List<KeyValue<K, V>> left,
            List<KeyValue<K, W>> right,
            BiFunction<V, W, R> both,
            Function<V, R> leftOnly,
            Function<W, R> rightOnly) {
        Map<K, List<W>> rightByKey = Batches.groupByKey(right);
        List<KeyValue<K, R>> joined = new ArrayList<>();
        for (KeyValue<K, V> record : left) {
            List<W> partners = rightByKey.get(record.key());
            if (partners != null) {
                for (W value : partners) {
                    joined.add(KeyValue.of(record.key(), both.apply(record.value(), value)));
                }
            } else if (leftOnly != null) {
                joined.add(KeyValue.of(record.key(), leftOnly.apply(record.value())));
            }
        }
        if (rightOnly != null) {
            Set<K> leftKeys = new HashSet<>();
            for (KeyValue<K, V> record : left) {
                leftKeys.add(record.key());
            }
            for (KeyValue<K, W> record : right) {
                if (!leftKeys.contains(record.key())) {
                    joined.add(KeyValue.of(record.key(), rightOnly.apply(record.value())));
                }
            }
        }
        return joined;
    }

    /**
     * Refuses a null value on a side whose values the join wraps in an {@link Optional}, which
     * cannot hold null, whether or not the record finds a partner.
     */
    private static <K, V> void requireNoNullValue(
            List<KeyValue<K, V>> records, String operation, String side) {
        for (KeyValue<K, V> record : records) {
            if (record.value() == null) {
                throw new IllegalArgumentException(
                        String.format(
                                "%s wraps the %s stream's values in Optional, but key %s has a"
                                        + " null value: filter out or replace null values"
                                        + " (mapValues) before joining",
                                operation, side, record.key()));
            }
        }
    }
}
