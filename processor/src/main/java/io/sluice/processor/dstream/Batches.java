package io.sluice.processor.dstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/** Functions over one batch's records; keys come out in the order of their first record. */
final class Batches {

    private Batches() {}

    /** Each key's values, in record order. */
    static <K, V> Map<K, List<V>> groupByKey(List<KeyValue<K, V>> records) {
        Map<K, List<V>> groups = new LinkedHashMap<>();
        for (KeyValue<K, V> record : records) {
            groups.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
        }
        return groups;
    }

    /** Each key's values reduced with {@code reduce}, in record order. */
    static <K, V> List<KeyValue<K, V>> reduceByKey(
            List<KeyValue<K, V>> records, BinaryOperator<V> reduce) {
        Map<K, V> reduced = new LinkedHashMap<>();
        for (KeyValue<K, V> record : records) {
            reduced.merge(record.key(), record.value(), reduce);
        }
        return pairs(reduced);
    }

    /** Each key's values reduced with {@code reduce} and counted. */
    static <K, V> Map<K, Counted<V>> reduceAndCount(
            List<KeyValue<K, V>> records, BinaryOperator<V> reduce) {
        Map<K, Counted<V>> reduced = new LinkedHashMap<>();
        for (KeyValue<K, V> record : records) {
            reduced.merge(
                    record.key(),
                    new Counted<>(record.value(), 1),
                    (a, b) -> new Counted<>(reduce.apply(a.value(), b.value()), a.count() + 1));
        }
        return reduced;
    }

    /** The records of {@code first}, then those of {@code second}. */
    static <T> List<T> concat(List<? extends T> first, List<? extends T> second) {
        List<T> all = new ArrayList<>(first.size() + second.size());
        all.addAll(first);
        all.addAll(second);
        return all;
    }

    /** A map's entries as records, in the map's order. */
    static <K, V> List<KeyValue<K, V>> pairs(Map<K, V> map) {
        List<KeyValue<K, V>> pairs = new ArrayList<>(map.size());
        map.forEach((key, value) -> pairs.add(KeyValue.of(key, value)));
        return pairs;
    }
}
