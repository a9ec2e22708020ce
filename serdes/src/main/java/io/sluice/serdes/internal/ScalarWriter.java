package io.sluice.serdes.internal;

/** A scalar writer converts a row value of a fixed schema into text. */
@FunctionalInterface
public interface ScalarWriter {

    /**
     * Converts a row value to text.
     *
     * @throws IllegalArgumentException when the value is not of the schema's type
     */
    String write(Object value);
}
