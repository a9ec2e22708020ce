package io.sluice.processor.pipeline;

/**
 * A place in a pipeline file: lines and columns count from 1, and 0 means the whole file.
 *
 * @param file the file as it was named to the compiler
 * @param line the line, from 1
 * @param column the column, from 1
 */
record FileLocation(String file, int line, int column) {

    /** The whole file, for errors that have no better place. */
    static FileLocation wholeFile(String file) {
        return new FileLocation(file, 0, 0);
    }

    /** A location {@code delta} columns to the right on the same line. */
    FileLocation shiftColumns(int delta) {
        return new FileLocation(file, line, column + delta);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
