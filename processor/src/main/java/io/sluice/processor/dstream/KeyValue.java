package io.sluice.processor.dstream;

import java.io.Serializable;

/**
 * A record of a keyed stream: a key and its value.
 *
 * @param key the key; may be null only if the functions over it accept null
 * @param value the value
 */
public record KeyValue<K, V>(K key, V value) implements Serializable {

    /** The record of {@code key} and {@code value}. */
    public static <K, V> KeyValue<K, V> of(K key, V value) {
        return new KeyValue<>(key, value);
    }

    /** The record as {@code (key,value)}, the way {@code print} shows it. */
    @Override
    public String toString() {
        return "(" + key + "," + value + ")";
    }
}
