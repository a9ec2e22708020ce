/**
 * RocksDB behind the state interfaces: one database per task, a column family per store, one block
 * cache and write-buffer manager per process. This is the only package that imports {@code
 * org.rocksdb}; every native object it creates is tracked and closed here, and every {@code
 * RocksDBException} is translated here, by {@code RocksDbErrors}, into Sluice's exceptions.
 */
package io.sluice.processor.state.rocksdb;
