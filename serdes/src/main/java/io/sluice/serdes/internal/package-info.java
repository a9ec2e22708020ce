/**
 * Internals shared by the format codecs: scalar values from and to text, timestamp patterns, union
 * branch choice, option parsing and the failure that carries a field path.
 *
 * <p>These types are public only so that the format packages can share them; the engine uses the
 * API in {@link io.sluice.serdes} and the format packages' options instead.
 */
package io.sluice.serdes.internal;
