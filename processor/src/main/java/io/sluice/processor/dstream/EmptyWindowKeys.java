package io.sluice.processor.dstream;

/**
 * What an inverse window reduction ({@link PairDStream#reduceByKeyAndWindow(
 * java.util.function.BinaryOperator, java.util.function.BinaryOperator, java.time.Duration,
 * java.time.Duration, EmptyWindowKeys)}) does with a key once none of its records is in the window.
 */
public enum EmptyWindowKeys {
    /**
     * Spark's behaviour, the default: the key stays in every later window with the value the
     * inverse function left (0 for counts), and in the state, until a filter function drops it.
     */
    KEEP,
    /**
     * Sluice's option: the key leaves the result and the state, so the result equals the reduction
     * without an inverse and the state holds only the window's keys.
     */
    DROP
}
