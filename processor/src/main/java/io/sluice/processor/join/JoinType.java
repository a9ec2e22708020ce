package io.sluice.processor.join;

/** The kinds of stream-table join: which stream rows come out when the table has no match. */
public enum JoinType {
    /** Only stream rows with a match come out. */
    INNER("inner"),
    /** Every stream row comes out; without a match, the table's columns are null. */
    LEFT("left");

    private final String text;

    JoinType(String text) {
        this.text = text;
    }

    /** The name in a pipeline file. */
    public String text() {
        return text;
    }
}
