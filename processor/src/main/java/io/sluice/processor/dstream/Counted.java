package io.sluice.processor.dstream;

import java.io.Serializable;

/**
 * A reduced value and how many records went into it: the count tells an inverse reduction when a
 * key has no record left in its window.
 *
 * @param value the records' values reduced
 * @param count how many records were reduced; 0 for a key an inverse reduction keeps after its
 *     records left the window
 */
record Counted<V>(V value, long count) implements Serializable {}
