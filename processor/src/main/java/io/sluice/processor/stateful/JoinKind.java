package io.sluice.processor.stateful;

/** The kinds of stream-stream join, by which rows come out without a match. */
public enum JoinKind {
    /** Pairs only. */
    INNER("inner", false, false),
    /** Pairs, and each left row that met none, with null right columns. */
    LEFT("left", true, false),
    /** Pairs, and each right row that met none, with null left columns. */
    RIGHT("right", false, true),
    /** Pairs, and the rows of either side that met none. */
    FULL("full", true, true),
    /** Each left row that meets a right row, once, with the left columns only. */
    LEFT_SEMI("leftSemi", false, false);

    private final String text;
    private final boolean keepsLeft;
    private final boolean keepsRight;

    JoinKind(String text, boolean keepsLeft, boolean keepsRight) {
        this.text = text;
        this.keepsLeft = keepsLeft;
        this.keepsRight = keepsRight;
    }

    /** The name in a pipeline file. */
    public String text() {
        return text;
    }

    /** Whether rows of {@code side} that met nothing come out, null-extended. */
    public boolean keepsUnmatched(int side) {
        return side == JoinInput.LEFT ? keepsLeft : keepsRight;
    }

    /** Whether rows without a match ever come out: then the join needs a time condition. */
    public boolean isOuter() {
        return keepsLeft || keepsRight;
    }
}
