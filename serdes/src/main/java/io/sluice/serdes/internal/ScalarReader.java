package io.sluice.serdes.internal;

/** A scalar reader converts the text of one value into the row value of a fixed schema. */
@FunctionalInterface
public interface ScalarReader {

    /**
     * Converts text to a row value.
     *
     * @throws FieldFailure when the text is not a value of the schema
     */
    Object read(String text);
}
