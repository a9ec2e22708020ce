package io.sluice.serdes.infer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shape accumulates what the samples showed at one place in the records: which kinds of values
 * appeared, the fields of objects and how often each was present, the items of arrays.
 */
final class Shape {

    boolean sawNull;
    boolean sawBoolean;
    boolean sawInt;
    boolean sawLong;
    boolean sawDouble;
    int strings;
    int timestamps;
    int objects;
    boolean sawInvalidName;
    final Map<String, Field> fields = new LinkedHashMap<>();
    Shape items;

    /** A field of an object shape and the number of objects it was present in. */
    static final class Field {
        final Shape shape = new Shape();
        int present;
    }

    Field field(String name) {
        return fields.computeIfAbsent(name, n -> new Field());
    }

    Shape items() {
        if (items == null) {
            items = new Shape();
        }
        return items;
    }

    boolean sawNumber() {
        return sawInt || sawLong || sawDouble;
    }

    boolean sawArray() {
        return items != null;
    }
}
