package io.sluice.processor.dstream;

/** Argument and state checks whose messages are a template plus arguments. */
final class Checks {

    private Checks() {}

    /**
     * @throws IllegalArgumentException with the formatted message when {@code condition} is false
     */
    static void argument(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }

    /**
     * @throws IllegalStateException with the formatted message when {@code condition} is false
     */
    static void state(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(template, args));
        }
    }
}
