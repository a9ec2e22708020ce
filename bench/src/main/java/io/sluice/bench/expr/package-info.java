/** JMH benchmarks of compiled SQL expressions, the per-record cost of where and select steps. */
package io.sluice.bench.expr;
